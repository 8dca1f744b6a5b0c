/// Why an action on an alert or a rule was refused.
public enum AlertActionError: Error, Equatable, Sendable, CustomStringConvertible {
    case alertNotFound(String)
    case ruleNotFound(String)
    /// Acknowledging an alert that is already over.
    case alreadyResolved(String)
    case emptyMessage

    public var description: String {
        switch self {
        case let .alertNotFound(id): "no alert \"\(id)\""
        case let .ruleNotFound(id): "no rule \"\(id)\""
        case let .alreadyResolved(id): "alert \"\(id)\" is already resolved"
        case .emptyMessage: "message must not be empty"
        }
    }
}
