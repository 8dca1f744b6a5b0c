import Foundation

/// A condition on a metric that raises an alert once it has held for `forSeconds`.
public struct AlertRule: Codable, Equatable, Identifiable, Sendable {
    public var id: String
    public var name: String
    /// A `MetricExpression`: a metric name or `rate(counter[Ns])`.
    public var metric: String
    public var op: ComparisonOperator
    public var threshold: Double
    /// How long the condition must hold before the alert fires; 0 fires on the first evaluation.
    public var forSeconds: Double
    public var severity: AlertSeverity

    public init(
        id: String, name: String, metric: String, op: ComparisonOperator,
        threshold: Double, forSeconds: Double = 0, severity: AlertSeverity = .warning
    ) {
        self.id = id
        self.name = name
        self.metric = metric
        self.op = op
        self.threshold = threshold
        self.forSeconds = forSeconds
        self.severity = severity
    }

    enum CodingKeys: String, CodingKey {
        case id, name, metric, op, threshold
        case forSeconds = "for_seconds"
        case severity
    }

    /// Checks the rule against the metrics that exist and returns its parsed expression.
    public func validate(against registry: MetricRegistry) throws(AlertRuleError) -> MetricExpression {
        guard !name.trimmingCharacters(in: .whitespaces).isEmpty else { throw .emptyName }
        guard threshold.isFinite else { throw .nonFiniteNumber(field: "threshold") }
        guard forSeconds.isFinite else { throw .nonFiniteNumber(field: "for_seconds") }
        guard forSeconds >= 0 else { throw .negativeDuration(forSeconds) }
        let expression = try MetricExpression.parse(metric)
        guard let kind = registry.kind(of: expression.metric) else { throw .unknownMetric(expression.metric) }
        if case .rate = expression, kind != .counter { throw .rateOfGauge(expression.metric) }
        return expression
    }
}
