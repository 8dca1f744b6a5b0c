import Foundation

extension CronExpression {
    /// Years searched before an expression is declared impossible: the Gregorian calendar repeats
    /// every 400 years, so a day that matches at all matches within one cycle.
    static let searchYears = 400

    /// The first instant strictly after `date` at which the expression fires in `timeZone`,
    /// or nil when it never fires (e.g. `0 0 30 2 *`).
    ///
    /// Daylight saving (the rule of Vixie cron, decided by the hour field):
    /// - Spring forward: a wall time inside the gap does not exist. A fixed-time job (hour field
    ///   without `*` or a step) whose time falls in the gap fires once, at the first instant after
    ///   the gap; a periodic job (`*`/step in the hour field) skips the missing times.
    /// - Fall back: the repeated wall times happen twice. A fixed-time job fires once, at the first
    ///   occurrence; a periodic job fires in both passes.
    public func next(after date: Date, in timeZone: TimeZone = .schedulerUTC) -> Date? {
        // Cron is second-granular: start at the next whole second strictly after `date`.
        var cursor = Int64(date.timeIntervalSince1970.rounded(.down)) + 1
        let limit = cursor + Int64(Self.searchYears) * 31_557_600
        let yearLimit = CivilTime(wallSeconds: cursor).year + Self.searchYears + 1

        // Walk the time line in spans of constant UTC offset; within one span wall time and
        // instants are a plain shift of each other, so the field-wise search applies directly.
        while cursor <= limit {
            let offset = Int64(timeZone.secondsFromGMT(for: Self.date(cursor)))
            let spanEnd = timeZone.nextDaylightSavingTimeTransition(after: Self.date(cursor))
                .map { Int64($0.timeIntervalSince1970.rounded(.up)) } ?? Int64.max

            var wall = cursor + offset
            while true {
                guard let match = nextMatchingWall(from: wall, yearLimit: yearLimit) else { return nil }
                let instant = match - offset
                guard instant < spanEnd else { break }
                if isFixedTime, isRepeatedWall(match, at: instant, in: timeZone) {
                    wall = match + 1
                    continue
                }
                return Self.date(instant)
            }

            guard spanEnd != Int64.max else { return nil }
            let nextOffset = Int64(timeZone.secondsFromGMT(for: Self.date(spanEnd)))
            if isFixedTime, nextOffset > offset,
               let skipped = nextMatchingWall(from: spanEnd + offset, yearLimit: yearLimit),
               skipped < spanEnd + nextOffset {
                return Self.date(spanEnd)
            }
            cursor = spanEnd
        }
        return nil
    }

    /// True when `wall` already happened at an earlier instant: the second pass of a fall-back.
    private func isRepeatedWall(_ wall: Int64, at instant: Int64, in timeZone: TimeZone) -> Bool {
        let offset = Int64(timeZone.secondsFromGMT(for: Self.date(instant)))
        // A fall-back shifts clocks by at most a few hours; look just far enough behind.
        let earlierOffset = Int64(timeZone.secondsFromGMT(for: Self.date(instant - 4 * 3600)))
        guard earlierOffset > offset else { return false }
        let earlierInstant = wall - earlierOffset
        return Int64(timeZone.secondsFromGMT(for: Self.date(earlierInstant))) == earlierOffset
    }

    /// The first wall time at or after `start` whose fields all match, searched field by field
    /// (month, day, hour, minute, second) so that a year-long gap costs a handful of steps.
    func nextMatchingWall(from start: Int64, yearLimit: Int) -> Int64? {
        var t = CivilTime(wallSeconds: start)
        while t.year <= yearLimit {
            guard months.contains(t.month) else {
                if let month = months.next(atLeast: t.month + 1) {
                    t.month = month
                } else {
                    t.year += 1
                    t.month = months.next(atLeast: 1)!
                }
                t.day = 1; t.hour = 0; t.minute = 0; t.second = 0
                continue
            }
            guard t.day <= CivilTime.daysInMonth(year: t.year, month: t.month) else {
                t.month += 1
                if t.month > 12 { t.month = 1; t.year += 1 }
                t.day = 1; t.hour = 0; t.minute = 0; t.second = 0
                continue
            }
            guard dayMatches(day: t.day, month: t.month, weekday: t.weekday) else {
                t.day += 1; t.hour = 0; t.minute = 0; t.second = 0
                continue
            }
            guard let hour = hours.next(atLeast: t.hour) else {
                t.day += 1; t.hour = 0; t.minute = 0; t.second = 0
                continue
            }
            if hour != t.hour { t.hour = hour; t.minute = 0; t.second = 0 }
            guard let minute = minutes.next(atLeast: t.minute) else {
                t.hour += 1; t.minute = 0; t.second = 0
                continue
            }
            if minute != t.minute { t.minute = minute; t.second = 0 }
            guard let second = seconds.next(atLeast: t.second) else {
                t.minute += 1; t.second = 0
                continue
            }
            t.second = second
            return t.wallSeconds
        }
        return nil
    }

    private static func date(_ seconds: Int64) -> Date {
        Date(timeIntervalSince1970: TimeInterval(seconds))
    }
}

extension TimeZone {
    /// The scheduler's default zone: UTC, where every wall time exists exactly once.
    public static let schedulerUTC = TimeZone(identifier: "UTC") ?? TimeZone(secondsFromGMT: 0)!
}
