import Testing
@testable import Monitoring

@Suite struct DiskUsageTests {
    @Test func reservedBlocksCountAsNeitherFreeNorUsable() {
        let disk = DiskUsage(path: "/data", stats: Fixtures.fileSystem)
        #expect(disk.totalBytes == 4_096_000_000)
        #expect(disk.freeBytes == 204_800_000)
        #expect(disk.usedBytes == 3_686_400_000)
        // 900,000 used of the 950,000 blocks a non-root writer could have.
        #expect(abs(disk.usedPercent - 900_000.0 / 950_000 * 100) < 1e-9)
        #expect(abs(disk.usedPercent + disk.freePercent - 100) < 1e-9)
    }

    @Test func emptyFileSystemReadsZero() {
        let disk = DiskUsage(path: "/", stats: FileSystemStats(blockSize: 4096, totalBlocks: 0, freeBlocks: 0, availableBlocks: 0))
        #expect(disk.usedPercent == 0)
        #expect(disk.freePercent == 0)
    }
}
