import Testing
@testable import Monitoring

@Suite struct CPUStatTests {
    @Test func parsesAggregateAndCoresAndSkipsOtherLines() throws {
        let stat = try CPUStat.parse(Fixtures.statEarlier)
        #expect(stat.total == CPUTimes(user: 1000, nice: 0, system: 500, idle: 8000, iowait: 500))
        #expect(stat.cores.count == 2)
        #expect(stat.total.total == 10_000)
        #expect(stat.total.idleTotal == 8_500)
    }

    @Test func usageIsBusyShareOfTheTicksBetweenReadings() throws {
        let earlier = try CPUStat.parse(Fixtures.statEarlier)
        let later = try CPUStat.parse(Fixtures.statLater)
        // 1500 ticks passed, 700 of them idle or iowait.
        #expect(abs(later.total.usagePercent(since: earlier.total) - 800.0 / 1500 * 100) < 1e-9)
        #expect(later.cores[0].usagePercent(since: earlier.cores[0]) == 75)
        #expect(later.cores[1].usagePercent(since: earlier.cores[1]) == 10)
    }

    @Test func noElapsedTicksOrCountersGoingBackReadZero() throws {
        let earlier = try CPUStat.parse(Fixtures.statEarlier)
        let later = try CPUStat.parse(Fixtures.statLater)
        #expect(earlier.total.usagePercent(since: earlier.total) == 0)
        #expect(earlier.total.usagePercent(since: later.total) == 0)
    }

    @Test func oldKernelsWithFourColumnsParse() throws {
        let stat = try CPUStat.parse("cpu 10 20 30 40\ncpu0 10 20 30 40\n")
        #expect(stat.total == CPUTimes(user: 10, nice: 20, system: 30, idle: 40))
    }

    @Test func missingAggregateLineIsMalformed() {
        #expect(throws: HostMetricsError.malformed(path: "/proc/stat", detail: "no aggregate cpu line")) {
            try CPUStat.parse("cpu0 1 2 3 4\nintr 5\n")
        }
        #expect(throws: HostMetricsError.self) { try CPUStat.parse("cpu 1 two 3 4\n") }
    }
}
