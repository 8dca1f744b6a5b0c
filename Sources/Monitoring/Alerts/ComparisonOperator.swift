/// The comparison of an alert rule between the metric's value and the threshold.
public enum ComparisonOperator: String, Codable, CaseIterable, Sendable {
    case greaterThan = ">"
    case greaterThanOrEqual = ">="
    case lessThan = "<"
    case lessThanOrEqual = "<="
    /// Exact equality, meant for whole-number metrics such as counts.
    case equal = "=="

    public func holds(_ value: Double, _ threshold: Double) -> Bool {
        switch self {
        case .greaterThan: value > threshold
        case .greaterThanOrEqual: value >= threshold
        case .lessThan: value < threshold
        case .lessThanOrEqual: value <= threshold
        case .equal: value == threshold
        }
    }
}
