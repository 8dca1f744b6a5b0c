#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif

/// Where host readings come from: file text, file-system block counts and clock ticks.
///
/// Everything is a closure or a value so tests can feed fixture text instead of the live `/proc`.
public struct SystemReader: Sendable {
    /// Returns the whole text of a file such as `/proc/stat`.
    public var readFile: @Sendable (String) throws -> String
    /// Returns `statvfs` figures for the file system holding a path.
    public var fileSystemStats: @Sendable (String) throws -> FileSystemStats
    /// `sysconf(_SC_CLK_TCK)`: the unit of the CPU times in `/proc/<pid>/stat`.
    public var clockTicksPerSecond: Int

    public init(
        readFile: @escaping @Sendable (String) throws -> String,
        fileSystemStats: @escaping @Sendable (String) throws -> FileSystemStats,
        clockTicksPerSecond: Int
    ) {
        self.readFile = readFile
        self.fileSystemStats = fileSystemStats
        self.clockTicksPerSecond = clockTicksPerSecond
    }

    /// The running system's `/proc`, `statvfs` and `sysconf`.
    public static func live() -> SystemReader {
        let ticks = Int(sysconf(Int32(_SC_CLK_TCK)))
        return SystemReader(
            readFile: { try readWholeFile($0) },
            fileSystemStats: { try statFileSystem($0) },
            clockTicksPerSecond: ticks > 0 ? ticks : 100
        )
    }

    /// Reads with plain `read(2)` because `/proc` files report a size of zero, which defeats
    /// readers that size their buffer from `stat`.
    static func readWholeFile(_ path: String) throws -> String {
        let descriptor = open(path, O_RDONLY | O_CLOEXEC)
        guard descriptor >= 0 else {
            throw HostMetricsError.unreadable(path: path, reason: String(cString: strerror(errno)))
        }
        defer { close(descriptor) }
        var bytes: [UInt8] = []
        var chunk = [UInt8](repeating: 0, count: 16_384)
        while true {
            let got = chunk.withUnsafeMutableBytes { read(descriptor, $0.baseAddress, $0.count) }
            if got < 0 {
                if errno == EINTR { continue }
                throw HostMetricsError.unreadable(path: path, reason: String(cString: strerror(errno)))
            }
            if got == 0 { break }
            bytes.append(contentsOf: chunk[0..<got])
        }
        return String(decoding: bytes, as: UTF8.self)
    }

    static func statFileSystem(_ path: String) throws -> FileSystemStats {
        var stats = statvfs()
        guard statvfs(path, &stats) == 0 else {
            throw HostMetricsError.fileSystemUnavailable(path: path, reason: String(cString: strerror(errno)))
        }
        return FileSystemStats(
            blockSize: UInt64(stats.f_frsize),
            totalBlocks: UInt64(stats.f_blocks),
            freeBlocks: UInt64(stats.f_bfree),
            availableBlocks: UInt64(stats.f_bavail)
        )
    }
}
