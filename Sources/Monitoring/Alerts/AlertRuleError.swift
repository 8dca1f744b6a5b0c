/// Why an alert rule was refused; each case reads as the reason of a 400 answer.
public enum AlertRuleError: Error, Equatable, Sendable, CustomStringConvertible {
    case emptyName
    case unknownMetric(String)
    /// `rate(…)` of a gauge, whose rises and falls are not events to count.
    case rateOfGauge(String)
    case badExpression(String)
    case negativeDuration(Double)
    case nonFiniteNumber(field: String)
    case unknownOperator(String)
    case unknownSeverity(String)
    case duplicateID(String)

    public var description: String {
        switch self {
        case .emptyName:
            "name must not be empty"
        case let .unknownMetric(name):
            "unknown metric \"\(name)\""
        case let .rateOfGauge(name):
            "rate() needs a counter; \"\(name)\" is a gauge"
        case let .badExpression(text):
            "\"\(text)\" is not a metric name or rate(name[Ns])"
        case let .negativeDuration(seconds):
            "for_seconds must not be negative (got \(seconds))"
        case let .nonFiniteNumber(field):
            "\(field) must be a finite number"
        case let .unknownOperator(op):
            "unknown operator \"\(op)\"; expected one of \(ComparisonOperator.allCases.map(\.rawValue).joined(separator: " "))"
        case let .unknownSeverity(severity):
            "unknown severity \"\(severity)\"; expected one of \(AlertSeverity.allCases.map(\.rawValue).joined(separator: ", "))"
        case let .duplicateID(id):
            "a rule with id \"\(id)\" already exists"
        }
    }
}
