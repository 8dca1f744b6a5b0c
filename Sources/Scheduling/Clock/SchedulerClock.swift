import Foundation

/// The scheduler's source of time: the current instant, and a sleep until a given instant.
public protocol SchedulerClock: Sendable {
    func now() -> Date
    /// Suspends until `deadline`; throws `CancellationError` if the task is cancelled first.
    func sleep(until deadline: Date) async throws
}
