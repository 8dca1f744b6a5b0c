import Foundation

/// One service process's CPU, memory, threads and uptime over one sampling interval.
public struct ProcessSample: Codable, Equatable, Sendable {
    public var takenAt: Date
    public var service: String
    public var instance: String
    public var pid: Int32?
    public var intervalSeconds: Double
    /// Share of one core, as `top` shows it: a process busy on two cores reads 200.
    public var cpuPercent: Double
    /// Share of the whole host, 0–100.
    public var cpuPercentOfHost: Double
    public var residentBytes: UInt64
    public var threads: Int
    public var uptimeSeconds: Double

    enum CodingKeys: String, CodingKey {
        case takenAt = "taken_at"
        case service, instance, pid
        case intervalSeconds = "interval_s"
        case cpuPercent = "cpu_percent"
        case cpuPercentOfHost = "cpu_percent_of_host"
        case residentBytes = "rss_bytes"
        case threads
        case uptimeSeconds = "uptime_s"
    }

    /// The values alert rules can refer to, under `MetricName`s.
    public var metricValues: [String: Double] {
        [
            MetricName.processCPUPercent: cpuPercent,
            MetricName.processResidentBytes: Double(residentBytes),
        ]
    }
}
