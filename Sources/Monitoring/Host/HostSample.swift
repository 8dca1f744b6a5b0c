import Foundation

/// The host's CPU, memory, disk, network and load over one sampling interval, for the API and charts.
public struct HostSample: Codable, Equatable, Sendable {
    /// Memory figures of a sample.
    public struct Memory: Codable, Equatable, Sendable {
        public var totalBytes: UInt64
        public var availableBytes: UInt64
        public var usedPercent: Double

        enum CodingKeys: String, CodingKey {
            case totalBytes = "total_bytes"
            case availableBytes = "available_bytes"
            case usedPercent = "used_percent"
        }
    }

    /// Receive and send rates of one interface, or of all of them.
    public struct NetworkRate: Codable, Equatable, Sendable {
        public var interface: String
        public var inBytesPerSecond: Double
        public var outBytesPerSecond: Double

        enum CodingKeys: String, CodingKey {
            case interface
            case inBytesPerSecond = "in_bytes_per_s"
            case outBytesPerSecond = "out_bytes_per_s"
        }
    }

    public var takenAt: Date
    /// Seconds between the two readings the rates were computed over.
    public var intervalSeconds: Double
    public var cpuPercent: Double
    /// Indexed by core number.
    public var cpuCoresPercent: [Double]
    public var memory: Memory
    public var disk: DiskUsage
    /// Sum over the interfaces in `interfaces`.
    public var network: NetworkRate
    public var interfaces: [NetworkRate]
    public var loadAverage: LoadAverage
    public var uptimeSeconds: Double

    enum CodingKeys: String, CodingKey {
        case takenAt = "taken_at"
        case intervalSeconds = "interval_s"
        case cpuPercent = "cpu_percent"
        case cpuCoresPercent = "cpu_cores_percent"
        case memory, disk, network, interfaces
        case loadAverage = "load_average"
        case uptimeSeconds = "uptime_s"
    }

    /// The values alert rules can refer to, under `MetricName`s.
    public var metricValues: [String: Double] {
        [
            MetricName.hostCPUPercent: cpuPercent,
            MetricName.hostMemoryUsedPercent: memory.usedPercent,
            MetricName.hostDiskUsedPercent: disk.usedPercent,
            MetricName.hostDiskFreePercent: disk.freePercent,
            MetricName.hostNetworkInBytesPerSecond: network.inBytesPerSecond,
            MetricName.hostNetworkOutBytesPerSecond: network.outBytesPerSecond,
            MetricName.hostLoad1: loadAverage.one,
        ]
    }
}
