import Testing
@testable import Monitoring

@Suite struct ProcessStatTests {
    @Test func countsFieldsAfterTheLastParenthesis() throws {
        let stat = try ProcessStat.parse(Fixtures.selfStatEarlier)
        #expect(stat == ProcessStat(cpuTicks: 300, threads: 9, startTicks: 100_000))
    }

    @Test func truncatedStatIsMalformed() {
        #expect(throws: HostMetricsError.self) { try ProcessStat.parse("1 (x) S 1 2 3") }
        #expect(throws: HostMetricsError.self) { try ProcessStat.parse("no parenthesis at all") }
    }

    @Test func residentSizeComesFromVmRSS() throws {
        #expect(try ProcessStatus.residentBytes(Fixtures.selfStatus) == 51_200 * 1024)
        #expect(try ProcessStatus.residentBytes("Name:\tkworker\n") == 0)
    }

    @Test func pathsPointAtSelfOrAPid() {
        #expect(ProcessStat.path(pid: nil) == "/proc/self/stat")
        #expect(ProcessStatus.path(pid: 77) == "/proc/77/status")
    }

    @Test func loadAverageAndUptime() throws {
        #expect(try LoadAverage.parse(Fixtures.loadavg) == LoadAverage(one: 0.52, five: 0.58, fifteen: 0.59))
        #expect(try HostUptime.parse(Fixtures.uptimeLater) == 5000.25)
        #expect(throws: HostMetricsError.self) { try LoadAverage.parse("0.1 0.2\n") }
        #expect(throws: HostMetricsError.self) { try HostUptime.parse("") }
    }
}
