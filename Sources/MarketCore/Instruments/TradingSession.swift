/// When an instrument trades: around the clock, or between two UTC minutes-of-day on some weekdays.
public enum TradingSession: Hashable, Sendable {
    case alwaysOpen
    /// `weekdays` are ISO numbers (1 = Monday … 7 = Sunday); `openMinute < closeMinute`, both in 0...1440.
    case hours(openMinute: Int, closeMinute: Int, weekdays: Set<Int>)

    static let millisPerDay: Int64 = 86_400_000

    /// Whether the session is open at `epochMillis` (UTC).
    public func isOpen(atEpochMillis epochMillis: Int64) -> Bool {
        switch self {
        case .alwaysOpen:
            return true
        case .hours(let open, let close, let weekdays):
            let day = Self.floorDiv(epochMillis, Self.millisPerDay)
            guard weekdays.contains(Self.isoWeekday(ofEpochDay: day)) else { return false }
            let minute = Int((epochMillis - day * Self.millisPerDay) / 60_000)
            return minute >= open && minute < close
        }
    }

    /// ISO weekday (1 = Monday … 7 = Sunday) of a day counted from 1970-01-01, which was a Thursday.
    public static func isoWeekday(ofEpochDay day: Int64) -> Int {
        Int(((day + 3) % 7 + 7) % 7) + 1
    }

    static func floorDiv(_ a: Int64, _ b: Int64) -> Int64 {
        let q = a / b
        return (a % b != 0 && (a < 0) != (b < 0)) ? q - 1 : q
    }
}
