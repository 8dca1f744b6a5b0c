/// One of the six fields of a cron expression, with its legal values and names.
public enum CronField: String, Sendable, CaseIterable {
    case second
    case minute
    case hour
    case dayOfMonth = "day-of-month"
    case month
    case dayOfWeek = "day-of-week"

    /// The values a field accepts; day-of-week admits 7 as a second spelling of Sunday.
    public var range: ClosedRange<Int> {
        switch self {
        case .second, .minute: 0...59
        case .hour: 0...23
        case .dayOfMonth: 1...31
        case .month: 1...12
        case .dayOfWeek: 0...7
        }
    }

    /// The values `*` stands for: day-of-week stops at 6 so that `*/2` does not count Sunday twice.
    var wildcardRange: ClosedRange<Int> {
        self == .dayOfWeek ? 0...6 : range
    }

    /// Three-letter names accepted in place of numbers, matched case-insensitively.
    var names: [String: Int] {
        switch self {
        case .month:
            ["JAN": 1, "FEB": 2, "MAR": 3, "APR": 4, "MAY": 5, "JUN": 6,
             "JUL": 7, "AUG": 8, "SEP": 9, "OCT": 10, "NOV": 11, "DEC": 12]
        case .dayOfWeek:
            ["SUN": 0, "MON": 1, "TUE": 2, "WED": 3, "THU": 4, "FRI": 5, "SAT": 6]
        default:
            [:]
        }
    }
}
