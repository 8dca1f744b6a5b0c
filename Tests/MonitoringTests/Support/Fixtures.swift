import Foundation
import Synchronization
@testable import Monitoring

/// Text captured from a two-core Linux host, trimmed to the lines the parsers read plus a few
/// they must skip. The "later" variants are the same host ten seconds on.
enum Fixtures {
    static let statEarlier = """
        cpu  1000 0 500 8000 500 0 0 0 0 0
        cpu0 500 0 250 4000 250 0 0 0 0 0
        cpu1 500 0 250 4000 250 0 0 0 0 0
        intr 1234567 9 0 0 0
        ctxt 99999
        btime 1767225600
        processes 4242
        procs_running 2
        """

    static let statLater = """
        cpu  1600 0 700 8600 600 0 0 0 0 0
        cpu0 1100 0 400 4200 300 0 0 0 0 0
        cpu1 500 0 300 4400 300 0 0 0 0 0
        intr 1234999 9 0 0 0
        ctxt 100500
        btime 1767225600
        """

    static let meminfo = """
        MemTotal:        8000000 kB
        MemFree:         1000000 kB
        MemAvailable:    6000000 kB
        Buffers:          200000 kB
        Cached:          3000000 kB
        SwapCached:            0 kB
        HugePages_Total:       0
        """

    static let netDevEarlier = """
        Inter-|   Receive                                                |  Transmit
         face |bytes    packets errs drop fifo frame compressed multicast|bytes    packets errs drop fifo colls carrier compressed
            lo: 5000000   1000    0    0    0     0          0         0  5000000    1000    0    0    0     0       0          0
          eth0:10000000   8000    0    0    0     0          0         0  2000000    6000    0    0    0     0       0          0
        """

    static let netDevLater = """
        Inter-|   Receive                                                |  Transmit
         face |bytes    packets errs drop fifo frame compressed multicast|bytes    packets errs drop fifo colls carrier compressed
            lo: 9000000   1800    0    0    0     0          0         0  9000000    1800    0    0    0     0       0          0
          eth0:12000000   9000    0    0    0     0          0         0  2500000    6500    0    0    0     0       0          0
        """

    static let loadavg = "0.52 0.58 0.59 1/467 12345\n"
    static let uptimeEarlier = "4990.25 9000.50\n"
    static let uptimeLater = "5000.25 9010.50\n"

    /// The command name has spaces and parentheses, as a process can set for itself.
    static let selfStatEarlier = "4242 (bourse (serve) x) S 1 4242 4242 0 -1 4194560 1200 0 3 0 250 50 0 0 20 0 9 0 100000 123456789 3000 18446744073709551615 1 1 0 0 0 0 0 4096 0 0 0 17 1 0 0 0 0 0\n"
    static let selfStatLater = "4242 (bourse (serve) x) S 1 4242 4242 0 -1 4194560 1300 0 3 0 400 100 0 0 20 0 11 0 100000 123456789 3100 18446744073709551615 1 1 0 0 0 0 0 4096 0 0 0 17 1 0 0 0 0 0\n"

    static let selfStatus = """
        Name:\tbourse
        State:\tS (sleeping)
        VmPeak:\t  200000 kB
        VmRSS:\t   51200 kB
        Threads:\t9
        """

    /// 4 KiB blocks: 1,000,000 in all, 100,000 free of which 50,000 are open to non-root.
    static let fileSystem = FileSystemStats(blockSize: 4096, totalBlocks: 1_000_000, freeBlocks: 100_000, availableBlocks: 50_000)

    static var earlierFiles: [String: String] {
        [
            "/proc/stat": statEarlier, "/proc/meminfo": meminfo, "/proc/net/dev": netDevEarlier,
            "/proc/loadavg": loadavg, "/proc/uptime": uptimeEarlier,
            "/proc/self/stat": selfStatEarlier, "/proc/self/status": selfStatus,
        ]
    }

    static var laterFiles: [String: String] {
        earlierFiles.merging([
            "/proc/stat": statLater, "/proc/net/dev": netDevLater,
            "/proc/uptime": uptimeLater, "/proc/self/stat": selfStatLater,
        ]) { _, later in later }
    }
}

/// A file system in memory whose contents a test swaps between readings.
final class FixtureFiles: Sendable {
    struct Missing: Error, CustomStringConvertible {
        let path: String
        var description: String { "no fixture for \(path)" }
    }

    private let files: Mutex<[String: String]>

    init(_ files: [String: String]) {
        self.files = Mutex(files)
    }

    func replace(with files: [String: String]) {
        self.files.withLock { $0 = files }
    }

    var reader: SystemReader {
        SystemReader(
            readFile: { path in
                guard let text = self.files.withLock({ $0[path] }) else { throw Missing(path: path) }
                return text
            },
            fileSystemStats: { _ in Fixtures.fileSystem },
            clockTicksPerSecond: 100
        )
    }
}
