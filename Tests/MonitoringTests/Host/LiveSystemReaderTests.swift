#if os(Linux)
import Foundation
import Testing
@testable import Monitoring

/// The parsers against this machine's real `/proc`, so a layout the fixtures miss shows up here.
@Suite struct LiveSystemReaderTests {
    @Test func readsThisHostAndThisProcess() throws {
        let sampler = MetricsSampler(diskPath: NSTemporaryDirectory(), service: "test", instance: "t1")
        let host = try sampler.readHost()
        #expect(!host.cpu.cores.isEmpty)
        #expect(host.memory.totalBytes > 0)
        #expect(host.disk.totalBytes > 0)
        #expect(host.uptimeSeconds > 0)
        let process = try sampler.readProcess()
        #expect(process.residentBytes > 0)
        #expect(process.stat.threads >= 1)
        #expect(sampler.reader.clockTicksPerSecond > 0)
    }

    @Test func missingPathsAreTypedErrors() {
        #expect(throws: HostMetricsError.self) { try SystemReader.readWholeFile("/proc/no-such-file") }
        #expect(throws: HostMetricsError.self) { try SystemReader.statFileSystem("/no/such/dir") }
    }
}
#endif
