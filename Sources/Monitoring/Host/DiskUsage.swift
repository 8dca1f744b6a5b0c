/// Space on the file system holding a path, in bytes and percent.
public struct DiskUsage: Codable, Equatable, Sendable {
    public var path: String
    public var totalBytes: UInt64
    /// Space the server itself may still write: root's reserved blocks are not counted.
    public var freeBytes: UInt64
    public var usedBytes: UInt64
    /// Used share of the space open to unprivileged writers, as `df` prints it, so that
    /// `usedPercent + freePercent == 100`.
    public var usedPercent: Double
    public var freePercent: Double

    public init(path: String, stats: FileSystemStats) {
        self.path = path
        totalBytes = stats.totalBlocks * stats.blockSize
        freeBytes = stats.availableBlocks * stats.blockSize
        let usedBlocks = stats.totalBlocks >= stats.freeBlocks ? stats.totalBlocks - stats.freeBlocks : 0
        usedBytes = usedBlocks * stats.blockSize
        let usable = usedBlocks + stats.availableBlocks
        usedPercent = usable == 0 ? 0 : Double(usedBlocks) / Double(usable) * 100
        freePercent = usable == 0 ? 0 : 100 - usedPercent
    }

    enum CodingKeys: String, CodingKey {
        case path
        case totalBytes = "total_bytes"
        case freeBytes = "free_bytes"
        case usedBytes = "used_bytes"
        case usedPercent = "used_percent"
        case freePercent = "free_percent"
    }
}
