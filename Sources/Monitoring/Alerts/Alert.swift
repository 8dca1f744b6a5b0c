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
    /// The instance whose metrics the rule was evaluated on (each instance evaluates the rules
    /// on what it sees), or the one a person raised it through; nil outside a server.
    public var instance: String?
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

    public init(
        id: String, origin: Origin, ruleID: String? = nil, instance: String? = nil, name: String, severity: AlertSeverity,
        state: AlertState, message: String, metric: String? = nil, value: Double? = nil, threshold: Double? = nil,
        startedAt: Date, firedAt: Date? = nil, resolvedAt: Date? = nil, resolvedBy: String? = nil,
        acknowledgedBy: String? = nil, acknowledgedAt: Date? = nil
    ) {
        self.id = id
        self.origin = origin
        self.ruleID = ruleID
        self.instance = instance
        self.name = name
        self.severity = severity
        self.state = state
        self.message = message
        self.metric = metric
        self.value = value
        self.threshold = threshold
        self.startedAt = startedAt
        self.firedAt = firedAt
        self.resolvedAt = resolvedAt
        self.resolvedBy = resolvedBy
        self.acknowledgedBy = acknowledgedBy
        self.acknowledgedAt = acknowledgedAt
    }

    enum CodingKeys: String, CodingKey {
        case id, origin
        case ruleID = "rule_id"
        case instance
        case name, severity, state, message, metric, value, threshold
        case startedAt = "started_at"
        case firedAt = "fired_at"
        case resolvedAt = "resolved_at"
        case resolvedBy = "resolved_by"
        case acknowledgedBy = "acknowledged_by"
        case acknowledgedAt = "acknowledged_at"
    }
}
