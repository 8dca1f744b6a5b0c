/// What a probe's check found when it completed; the runner adds timing and classifies slowness.
public struct ProbeOutcome: Equatable, Sendable {
    public var status: ProbeStatus
    public var reason: String?
    /// How long the checked service has been running, when it says.
    public var uptimeSeconds: Double?
    /// Service-specific figures (Redis memory and clients, database size, …) for the health pages.
    public var details: [String: String]

    public init(status: ProbeStatus, reason: String? = nil, uptimeSeconds: Double? = nil, details: [String: String] = [:]) {
        self.status = status
        self.reason = reason
        self.uptimeSeconds = uptimeSeconds
        self.details = details
    }

    public static func up(uptimeSeconds: Double? = nil, details: [String: String] = [:]) -> ProbeOutcome {
        ProbeOutcome(status: .up, uptimeSeconds: uptimeSeconds, details: details)
    }

    public static func degraded(_ reason: String, uptimeSeconds: Double? = nil, details: [String: String] = [:]) -> ProbeOutcome {
        ProbeOutcome(status: .degraded, reason: reason, uptimeSeconds: uptimeSeconds, details: details)
    }

    public static func down(_ reason: String, details: [String: String] = [:]) -> ProbeOutcome {
        ProbeOutcome(status: .down, reason: reason, details: details)
    }

    public static func notConfigured(_ reason: String = "not configured in this deployment") -> ProbeOutcome {
        ProbeOutcome(status: .notConfigured, reason: reason)
    }
}
