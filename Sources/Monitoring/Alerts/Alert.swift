import Foundation

/// One episode of a rule's condition (or one alert raised by hand), from pending to resolved.
public struct Alert: Codable, Equatable, Identifiable, Sendable {
    /// Whether a rule or a person raised the alert.
    public enum Origin: String, Codable, Sendable {
        case rule
        case manual
    }

    public var id: String
    public var origin: Origin
    /// Nil for a manual alert.
    public var ruleID: String?
    public var name: String
    public var severity: AlertSeverity
    public var state: AlertState
    public var message: String
    /// The expression and the value it had at the last evaluation, for rule alerts.
    public var metric: String?
    public var value: Double?
    public var threshold: Double?
    /// When the condition started to hold (or the alert was raised).
    public var startedAt: Date
    public var firedAt: Date?
    public var resolvedAt: Date?
    /// The user who resolved it by hand; nil when its condition cleared.
    public var resolvedBy: String?
    public var acknowledgedBy: String?
    public var acknowledgedAt: Date?

    enum CodingKeys: String, CodingKey {
        case id, origin
        case ruleID = "rule_id"
        case name, severity, state, message, metric, value, threshold
        case startedAt = "started_at"
        case firedAt = "fired_at"
        case resolvedAt = "resolved_at"
        case resolvedBy = "resolved_by"
        case acknowledgedBy = "acknowledged_by"
        case acknowledgedAt = "acknowledged_at"
    }
}
