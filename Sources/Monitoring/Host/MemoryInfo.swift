/// Host memory from `/proc/meminfo`, in bytes.
public struct MemoryInfo: Equatable, Sendable {
    public var totalBytes: UInt64
    /// Memory that can be given to new work without swapping (`MemAvailable`).
    public var availableBytes: UInt64

    public init(totalBytes: UInt64, availableBytes: UInt64) {
        self.totalBytes = totalBytes
        self.availableBytes = availableBytes
    }

    public static let path = "/proc/meminfo"

    public var usedBytes: UInt64 { totalBytes > availableBytes ? totalBytes - availableBytes : 0 }

    public var usedPercent: Double {
        totalBytes == 0 ? 0 : Double(usedBytes) / Double(totalBytes) * 100
    }

    /// Kernels before 3.14 have no `MemAvailable`; free + buffers + cached is the usual estimate there.
    public static func parse(_ text: String) throws(HostMetricsError) -> MemoryInfo {
        var kilobytes: [Substring: UInt64] = [:]
        for line in text.split(separator: "\n") {
            guard let colon = line.firstIndex(of: ":") else { continue }
            let value = line[line.index(after: colon)...].split(separator: " ").first.flatMap { UInt64($0) }
            if let value { kilobytes[line[..<colon]] = value }
        }
        guard let total = kilobytes["MemTotal"] else {
            throw .malformed(path: path, detail: "no MemTotal")
        }
        let available = kilobytes["MemAvailable"]
            ?? (kilobytes["MemFree"] ?? 0) + (kilobytes["Buffers"] ?? 0) + (kilobytes["Cached"] ?? 0)
        return MemoryInfo(totalBytes: total * 1024, availableBytes: min(available, total) * 1024)
    }
}
