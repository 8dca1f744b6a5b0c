import Testing
@testable import Monitoring

@Suite struct MemoryInfoTests {
    @Test func usesMemAvailable() throws {
        let memory = try MemoryInfo.parse(Fixtures.meminfo)
        #expect(memory.totalBytes == 8_000_000 * 1024)
        #expect(memory.availableBytes == 6_000_000 * 1024)
        #expect(memory.usedPercent == 25)
    }

    @Test func estimatesAvailableOnKernelsWithoutIt() throws {
        let old = Fixtures.meminfo.split(separator: "\n").filter { !$0.hasPrefix("MemAvailable") }.joined(separator: "\n")
        let memory = try MemoryInfo.parse(old)
        // free 1,000,000 + buffers 200,000 + cached 3,000,000 of 8,000,000.
        #expect(memory.availableBytes == 4_200_000 * 1024)
        #expect(abs(memory.usedPercent - 47.5) < 1e-9)
    }

    @Test func withoutTotalIsMalformed() {
        #expect(throws: HostMetricsError.self) { try MemoryInfo.parse("MemFree: 10 kB\n") }
    }
}
