import Foundation

/// Stops calling a peer that keeps failing: after `threshold` failures in a row the breaker
/// opens and calls fail at once for `cooldown`; then one trial call goes through (half-open),
/// and its outcome closes or reopens it. A request then gets a quick 503 instead of waiting
/// out a timeout per attempt while the trading role is down or failing over.
actor CircuitBreaker {
    enum State: Equatable, Sendable {
        case closed(failures: Int)
        case open(until: Date)
        case halfOpen
    }

    let threshold: Int
    let cooldown: TimeInterval
    let now: @Sendable () -> Date
    private(set) var state: State = .closed(failures: 0)

    init(threshold: Int = 3, cooldown: TimeInterval = 5, now: @escaping @Sendable () -> Date) {
        self.threshold = max(1, threshold)
        self.cooldown = cooldown
        self.now = now
    }

    /// Whether a call may go out now (moving an expired open state to half-open).
    func permit() -> Bool {
        switch state {
        case .closed: return true
        case .halfOpen: return false
        case .open(let until):
            guard now() >= until else { return false }
            state = .halfOpen
            return true
        }
    }

    func succeeded() { state = .closed(failures: 0) }

    func failed() {
        switch state {
        case .closed(let failures):
            state = failures + 1 >= threshold ? .open(until: now().addingTimeInterval(cooldown)) : .closed(failures: failures + 1)
        case .halfOpen, .open:
            state = .open(until: now().addingTimeInterval(cooldown))
        }
    }
}
