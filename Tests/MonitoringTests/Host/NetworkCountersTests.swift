import Testing
@testable import Monitoring

@Suite struct NetworkCountersTests {
    @Test func parsesInterfacesIncludingNamesGluedToCounters() throws {
        let counters = try NetworkCounters.parse(Fixtures.netDevEarlier)
        #expect(counters == [
            NetworkCounters(interface: "lo", receivedBytes: 5_000_000, sentBytes: 5_000_000),
            NetworkCounters(interface: "eth0", receivedBytes: 10_000_000, sentBytes: 2_000_000),
        ])
    }

    @Test func truncatedLineIsMalformed() {
        #expect(throws: HostMetricsError.self) { try NetworkCounters.parse("  eth0: 1 2 3\n") }
    }
}
