import Foundation

/// A clock for tests: time stands still until `advance`, which wakes the due sleepers in order.
///
/// Moving time by a large step looks to a sleeper like the process was suspended that long,
/// which is how tests provoke misfires. Tests synchronise with `waitForSleepers(count:)`.
public final class VirtualClock: SchedulerClock, @unchecked Sendable {
    private struct Sleeper {
        let deadline: Date
        let sequence: Int
        let continuation: CheckedContinuation<Void, any Error>
    }

    private struct Waiter {
        let count: Int
        let continuation: CheckedContinuation<Void, Never>
    }

    // Guarded by `lock`; a lock rather than an actor so that `now()` stays synchronous and a
    // cancellation handler can remove its sleeper on the spot.
    private let lock = NSLock()
    private var current: Date
    private var sleepers: [Int: Sleeper] = [:]
    private var cancelledBeforeRegistration: Set<Int> = []
    private var waiters: [Waiter] = []
    private var nextSequence = 0

    public init(now: Date = Date(timeIntervalSince1970: 1_735_689_600)) {
        current = now
    }

    public func now() -> Date {
        lock.withLock { current }
    }

    /// How many tasks are asleep on this clock.
    public var sleeperCount: Int {
        lock.withLock { sleepers.count }
    }

    /// The earliest deadline anyone sleeps until.
    public var nextDeadline: Date? {
        lock.withLock { sleepers.values.map(\.deadline).min() }
    }

    public func sleep(until deadline: Date) async throws {
        let sequence = lock.withLock {
            defer { nextSequence += 1 }
            return nextSequence
        }
        try await withTaskCancellationHandler {
            try await withCheckedThrowingContinuation { (continuation: CheckedContinuation<Void, any Error>) in
                let outcome: Result<Void, any Error>? = lock.withLock {
                    if cancelledBeforeRegistration.remove(sequence) != nil { return .failure(CancellationError()) }
                    if deadline <= current { return .success(()) }
                    sleepers[sequence] = Sleeper(deadline: deadline, sequence: sequence, continuation: continuation)
                    return nil
                }
                if let outcome {
                    continuation.resume(with: outcome)
                } else {
                    resumeSatisfiedWaiters()
                }
            }
        } onCancel: {
            let sleeper = lock.withLock {
                let removed = sleepers.removeValue(forKey: sequence)
                if removed == nil { cancelledBeforeRegistration.insert(sequence) }
                return removed
            }
            sleeper?.continuation.resume(throwing: CancellationError())
        }
    }

    /// Moves time forward and wakes, in deadline order, every sleeper whose deadline is reached.
    public func advance(by seconds: TimeInterval) {
        let due: [Sleeper] = lock.withLock {
            current = current.addingTimeInterval(seconds)
            let due = sleepers.values
                .filter { $0.deadline <= current }
                .sorted { ($0.deadline, $0.sequence) < ($1.deadline, $1.sequence) }
            for sleeper in due { sleepers.removeValue(forKey: sleeper.sequence) }
            return due
        }
        for sleeper in due { sleeper.continuation.resume() }
    }

    /// Moves time forward to the earliest sleeper's deadline (if later than now) and wakes it.
    public func advanceToNextDeadline() {
        guard let deadline = nextDeadline else { return }
        advance(by: max(0, deadline.timeIntervalSince(now())))
    }

    /// Returns once at least `count` tasks are asleep on this clock.
    public func waitForSleepers(count: Int) async {
        await withCheckedContinuation { (continuation: CheckedContinuation<Void, Never>) in
            let ready = lock.withLock {
                if sleepers.count >= count { return true }
                waiters.append(Waiter(count: count, continuation: continuation))
                return false
            }
            if ready { continuation.resume() }
        }
    }

    private func resumeSatisfiedWaiters() {
        let ready: [Waiter] = lock.withLock {
            let ready = waiters.filter { $0.count <= sleepers.count }
            waiters.removeAll { $0.count <= sleepers.count }
            return ready
        }
        for waiter in ready { waiter.continuation.resume() }
    }
}
