/// Why a cron expression was rejected, and where: the field and the 0-based character offset.
public struct CronParseError: Error, Sendable, Hashable, CustomStringConvertible {
    /// The field being parsed, or nil when the expression as a whole is malformed.
    public let field: CronField?
    /// 0-based character offset in the expression as given.
    public let position: Int
    public let reason: String

    public init(field: CronField?, position: Int, reason: String) {
        self.field = field
        self.position = position
        self.reason = reason
    }

    public var description: String {
        if let field {
            return "field '\(field.rawValue)' at position \(position): \(reason)"
        }
        return "at position \(position): \(reason)"
    }
}
