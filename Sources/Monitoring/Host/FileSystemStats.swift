/// The raw block counts of a file system, as `statvfs` reports them.
public struct FileSystemStats: Equatable, Sendable {
    /// Fragment size: the unit the block counts are in.
    public var blockSize: UInt64
    public var totalBlocks: UInt64
    /// Free blocks including those reserved for root.
    public var freeBlocks: UInt64
    /// Free blocks an unprivileged process (the server) may still use.
    public var availableBlocks: UInt64

    public init(blockSize: UInt64, totalBlocks: UInt64, freeBlocks: UInt64, availableBlocks: UInt64) {
        self.blockSize = blockSize
        self.totalBlocks = totalBlocks
        self.freeBlocks = freeBlocks
        self.availableBlocks = availableBlocks
    }
}
