/// The set of values one cron field matches, as a bit set, plus how it was written.
struct CronFieldValues: Sendable, Hashable {
    /// Bit `n` set means value `n` matches (day-of-week 7 is folded onto 0).
    var bits: UInt64
    /// The field began with `*` (or `?`): Vixie cron's test for "unrestricted" in the day rule.
    var startsWithWildcard: Bool
    /// The field used `*` or a step anywhere: a periodic field for the daylight-saving rule.
    var isPeriodic: Bool

    func contains(_ value: Int) -> Bool {
        value >= 0 && value < 64 && bits & (1 << UInt64(value)) != 0
    }

    /// The smallest matching value that is at least `value`.
    func next(atLeast value: Int) -> Int? {
        guard value < 64 else { return nil }
        let masked = bits & (UInt64.max << UInt64(max(value, 0)))
        return masked == 0 ? nil : masked.trailingZeroBitCount
    }
}
