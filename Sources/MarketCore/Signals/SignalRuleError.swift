/// Why a set of signal rules was refused.
public enum SignalRuleError: Error, Hashable, Sendable, CustomStringConvertible {
    case invalidParameter(rule: String, reason: String)
    case duplicateRule(String)
    case noRules

    public var description: String {
        switch self {
        case .invalidParameter(let rule, let reason): return "rule \(rule): \(reason)"
        case .duplicateRule(let rule): return "the rule \(rule) appears more than once"
        case .noRules: return "at least one rule is required"
        }
    }
}
