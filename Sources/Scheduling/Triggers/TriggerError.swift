/// Why a trigger could not be built: a bad cron expression or an interval below the floor.
public enum TriggerError: Error, Sendable, Hashable, CustomStringConvertible {
    case invalidCron(CronParseError)
    case intervalTooShort(seconds: Int, minimum: Int)
    /// A valid expression that matches no date at all, such as `0 0 30 2 *`.
    case neverFires(String)

    /// Stable snake_case code for the API's error JSON.
    public var code: String {
        switch self {
        case .invalidCron, .neverFires: "invalid_cron"
        case .intervalTooShort: "invalid_interval"
        }
    }

    public var description: String {
        switch self {
        case .invalidCron(let error):
            "invalid cron expression: \(error)"
        case .intervalTooShort(let seconds, let minimum):
            "interval of \(seconds) s is below the minimum of \(minimum) s"
        case .neverFires(let expression):
            "cron expression '\(expression)' matches no date"
        }
    }
}
