import Foundation

/// The real clock: wall time from `Date()`, sleeps on the task scheduler.
public struct SystemSchedulerClock: SchedulerClock {
    public init() {}

    public func now() -> Date { Date() }

    public func sleep(until deadline: Date) async throws {
        let delay = deadline.timeIntervalSinceNow
        guard delay > 0 else {
            try Task.checkCancellation()
            return
        }
        // No tolerance: trigger lateness is a published figure.
        try await Task.sleep(for: .nanoseconds(Int64(delay * 1_000_000_000)), tolerance: nil, clock: .continuous)
    }
}
