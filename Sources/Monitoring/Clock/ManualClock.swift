import Foundation
import Synchronization

/// A clock for tests: time stands still until `advance(by:)`, which wakes the sleepers it passes.
///
/// Public so that the server's tests can drive probe timeouts and alert durations without waiting.
/// Tests synchronise with `waitForSleepers(count:)` before advancing past a deadline.
public final class ManualClock: MonitoringClock {
    private struct Sleeper {
        let deadline: Duration
        let continuation: CheckedContinuation<Void, any Error>
    }

    private struct State {
        var wall: Date
        var elapsed: Duration = .zero
        var sleepers: [Int: Sleeper] = [:]
        var cancelledEarly: Set<Int> = []
        var waiters: [(count: Int, continuation: CheckedContinuation<Void, Never>)] = []
        var nextToken = 0
    }

    private let state: Mutex<State>

    public init(now: Date = Date(timeIntervalSince1970: 1_767_225_600)) {
        state = Mutex(State(wall: now))
    }

    public func now() -> Date {
        state.withLock { $0.wall }
    }

    public func monotonic() -> Duration {
        state.withLock { $0.elapsed }
    }

    /// How many tasks are asleep on this clock.
    public var sleeperCount: Int {
        state.withLock { $0.sleepers.count }
    }

    public func sleep(for duration: Duration) async throws {
        let token = state.withLock { state in
            defer { state.nextToken += 1 }
            return state.nextToken
        }
        try await withTaskCancellationHandler {
            try await withCheckedThrowingContinuation { (continuation: CheckedContinuation<Void, any Error>) in
                let immediate: Result<Void, any Error>? = state.withLock { state in
                    if state.cancelledEarly.remove(token) != nil { return .failure(CancellationError()) }
                    if duration <= .zero { return .success(()) }
                    state.sleepers[token] = Sleeper(deadline: state.elapsed + duration, continuation: continuation)
                    return nil
                }
                if let immediate {
                    continuation.resume(with: immediate)
                } else {
                    resumeSatisfiedWaiters()
                }
            }
        } onCancel: {
            let sleeper: Sleeper? = state.withLock { state in
                guard let sleeper = state.sleepers.removeValue(forKey: token) else {
                    // The handler can run before the continuation registers; remember the token.
                    state.cancelledEarly.insert(token)
                    return nil
                }
                return sleeper
            }
            sleeper?.continuation.resume(throwing: CancellationError())
        }
    }

    /// Moves wall and monotonic time forward and wakes every sleeper whose deadline has passed.
    public func advance(by duration: Duration) {
        let due: [Sleeper] = state.withLock { state in
            state.elapsed += duration
            state.wall = state.wall.addingTimeInterval(duration.seconds)
            // Earliest deadline first, then first to sleep, so wake-up order is reproducible.
            let tokens = state.sleepers.filter { $0.value.deadline <= state.elapsed }
                .sorted { ($0.value.deadline, $0.key) < ($1.value.deadline, $1.key) }
                .map(\.key)
            return tokens.compactMap { state.sleepers.removeValue(forKey: $0) }
        }
        for sleeper in due { sleeper.continuation.resume() }
    }

    /// Returns once at least `count` tasks are asleep on this clock.
    public func waitForSleepers(count: Int) async {
        await withCheckedContinuation { (continuation: CheckedContinuation<Void, Never>) in
            let ready = state.withLock { state in
                if state.sleepers.count >= count { return true }
                state.waiters.append((count, continuation))
                return false
            }
            if ready { continuation.resume() }
        }
    }

    private func resumeSatisfiedWaiters() {
        let ready: [CheckedContinuation<Void, Never>] = state.withLock { state in
            let count = state.sleepers.count
            let ready = state.waiters.filter { $0.count <= count }.map(\.continuation)
            state.waiters.removeAll { $0.count <= count }
            return ready
        }
        for continuation in ready { continuation.resume() }
    }
}
