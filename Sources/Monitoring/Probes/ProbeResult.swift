import Foundation

/// One probe's verdict on one service instance, as `/api/monitoring/health/summary` lists it.
public struct ProbeResult: Codable, Equatable, Sendable {
    public var service: String
    public var instance: String
    public var status: ProbeStatus
    /// Time from the start of the check to its answer (or to the timeout).
    public var responseMs: Double
    /// Why the status is not `up`; nil when it is.
    public var reason: String?
    public var checkedAt: Date
    public var uptimeS: Double?
    public var details: [String: String]

    public init(
        service: String, instance: String, status: ProbeStatus, responseMs: Double,
        reason: String? = nil, checkedAt: Date, uptimeS: Double? = nil, details: [String: String] = [:]
    ) {
        self.service = service
        self.instance = instance
        self.status = status
        self.responseMs = responseMs
        self.reason = reason
        self.checkedAt = checkedAt
        self.uptimeS = uptimeS
        self.details = details
    }

    enum CodingKeys: String, CodingKey {
        case service, instance, status
        case responseMs = "response_ms"
        case reason
        case checkedAt = "checked_at"
        case uptimeS = "uptime_s"
        case details
    }
}
