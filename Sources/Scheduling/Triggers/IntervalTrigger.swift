import Foundation

/// Fires every `seconds` seconds, on multiples of the interval counted from a fixed anchor.
///
/// Due times are anchored (by default to the Unix epoch) rather than counted from whenever an
/// instance started, so that every instance computes the same due times and the lease can key
/// on them. Intervals are durations: daylight saving does not affect them.
public struct IntervalTrigger: Sendable, Hashable, CustomStringConvertible {
    /// The floor applied when no other is given.
    public static let defaultMinimumSeconds = 1

    public let seconds: Int
    public let anchor: Date

    public init(
        seconds: Int,
        minimum: Int = IntervalTrigger.defaultMinimumSeconds,
        anchor: Date = Date(timeIntervalSince1970: 0)
    ) throws(TriggerError) {
        // A zero or negative floor would let a zero interval through and spin the runner.
        guard seconds >= max(minimum, 1) else {
            throw .intervalTooShort(seconds: seconds, minimum: max(minimum, 1))
        }
        self.seconds = seconds
        self.anchor = anchor
    }

    /// The first due time strictly after `date`.
    public func next(after date: Date) -> Date {
        let interval = TimeInterval(seconds)
        let elapsed = date.timeIntervalSince(anchor)
        return anchor.addingTimeInterval(((elapsed / interval).rounded(.down) + 1) * interval)
    }

    /// The last due time at or before `date`.
    func latest(atOrBefore date: Date) -> Date {
        let interval = TimeInterval(seconds)
        let elapsed = date.timeIntervalSince(anchor)
        return anchor.addingTimeInterval((elapsed / interval).rounded(.down) * interval)
    }

    public var description: String { "every \(seconds) s" }
}
