import Foundation

/// A rule as the API receives it, with operator and severity still as text.
public struct AlertRuleDraft: Codable, Equatable, Sendable {
    public var name: String
    public var metric: String
    public var op: String
    public var threshold: Double
    public var forSeconds: Double?
    public var severity: String?

    public init(name: String, metric: String, op: String, threshold: Double, forSeconds: Double? = nil, severity: String? = nil) {
        self.name = name
        self.metric = metric
        self.op = op
        self.threshold = threshold
        self.forSeconds = forSeconds
        self.severity = severity
    }

    enum CodingKeys: String, CodingKey {
        case name, metric, op, threshold
        case forSeconds = "for_seconds"
        case severity
    }

    /// The rule, validated; `for_seconds` defaults to 0 and `severity` to warning.
    public func rule(id: String, registry: MetricRegistry) throws(AlertRuleError) -> AlertRule {
        guard let op = ComparisonOperator(rawValue: op.trimmingCharacters(in: .whitespaces)) else {
            throw .unknownOperator(op)
        }
        var parsedSeverity = AlertSeverity.warning
        if let severity {
            guard let known = AlertSeverity(rawValue: severity.lowercased()) else { throw .unknownSeverity(severity) }
            parsedSeverity = known
        }
        let rule = AlertRule(
            id: id, name: name, metric: metric, op: op, threshold: threshold,
            forSeconds: forSeconds ?? 0, severity: parsedSeverity
        )
        _ = try rule.validate(against: registry)
        return rule
    }
}
