import Foundation

/// Every service's latest probe result and the worst status among them.
public struct HealthSummary: Codable, Equatable, Sendable {
    /// `down` if any service is down, else `degraded` if any is, else `up`; `not_configured`
    /// services do not count.
    public var status: ProbeStatus
    public var checkedAt: Date
    public var services: [ProbeResult]

    public init(results: [ProbeResult], checkedAt: Date) {
        services = results
        self.checkedAt = checkedAt
        status = results.map(\.status).max { $0.severity < $1.severity }.flatMap { $0 == .notConfigured ? nil : $0 } ?? .up
    }

    enum CodingKeys: String, CodingKey {
        case status
        case checkedAt = "checked_at"
        case services
    }

    /// The counts alert rules read: `service_down_count` and `service_degraded_count`.
    public var metricValues: [String: Double] {
        [
            MetricName.serviceDownCount: Double(services.count { $0.status == .down }),
            MetricName.serviceDegradedCount: Double(services.count { $0.status == .degraded }),
        ]
    }
}
