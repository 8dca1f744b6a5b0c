import Synchronization

/// A connection's one bounded outbound queue: many producers (the hub, the inbound handler) and
/// one consumer (the socket writer). Producers never wait: past `capacity` the queue discards its
/// backlog, keeps only the lagging notice and closes, so one slow socket cannot hold up fan-out.
final class OutboundQueue: Sendable {
    enum EnqueueResult: Equatable {
        case enqueued
        /// The queue was full: it is now closed as lagging; `dropped` messages were lost.
        case lagged(dropped: Int)
        case closed
    }

    private struct State {
        var pending: [[UInt8]] = []
        var closeReason: CloseReason?
        var finished = false
        var waiter: UnsafeContinuation<Void, Never>?
        var consumerCancelled = false
        /// Told once, when the queue closes (see `whenClosed`).
        var onClose: (@Sendable (CloseReason?) -> Void)?

        mutating func takeWaiter() -> UnsafeContinuation<Void, Never>? {
            defer { waiter = nil }
            return waiter
        }
    }

    let capacity: Int
    private let state = Mutex(State())

    init(capacity: Int) {
        self.capacity = max(1, capacity)
    }

    func enqueue(_ message: [UInt8]) -> EnqueueResult {
        let (result, waiter) = state.withLock { state -> (EnqueueResult, UnsafeContinuation<Void, Never>?) in
            guard !state.finished else { return (.closed, nil) }
            if state.pending.count >= capacity {
                // The backlog is stale by now and the client will resume from its last seq, so
                // it is dropped rather than trickled out to a socket that cannot keep up.
                let dropped = state.pending.count + 1
                state.pending = [Envelope.lagging]
                state.closeReason = .lagging
                state.finished = true
                return (.lagged(dropped: dropped), state.takeWaiter())
            }
            state.pending.append(message)
            return (.enqueued, state.takeWaiter())
        }
        waiter?.resume()
        if case .lagged = result { notifyClosed() }
        return result
    }

    /// Runs `body` once when the queue closes (at once if it is closed already), with the hub's
    /// reason. The socket layer uses it to end a connection whose writer is stuck on a client
    /// that stopped reading: such a writer never gets to see the queue's `.close`.
    func whenClosed(_ body: @escaping @Sendable (CloseReason?) -> Void) {
        let closed = state.withLock { state -> CloseReason?? in
            guard state.finished else {
                state.onClose = body
                return .none
            }
            return .some(state.closeReason)
        }
        if let reason = closed { body(reason) }
    }

    private func notifyClosed() {
        let (callback, reason) = state.withLock { state in
            defer { state.onClose = nil }
            return (state.onClose, state.closeReason)
        }
        callback?(reason)
    }

    /// Ends the queue after what is pending; with a reason the consumer gets a final `.close`.
    /// Returns false when it was already closed.
    @discardableResult
    func close(_ reason: CloseReason?, notice: [UInt8]? = nil) -> Bool {
        let (closed, waiter) = state.withLock { state -> (Bool, UnsafeContinuation<Void, Never>?) in
            guard !state.finished else { return (false, nil) }
            if let notice { state.pending.append(notice) }
            state.closeReason = reason
            state.finished = true
            return (true, state.takeWaiter())
        }
        waiter?.resume()
        if closed { notifyClosed() }
        return closed
    }

    var isClosed: Bool { state.withLock { $0.finished } }
    var closeReason: CloseReason? { state.withLock { $0.closeReason } }
    var pendingCount: Int { state.withLock { $0.pending.count } }

    enum Take {
        case took
        case finished(CloseReason?)
        case empty
    }

    /// Moves everything pending into `batch` (which must be empty). Swapping the two arrays
    /// recycles their storage, so steady-state delivery allocates nothing here.
    func take(into batch: inout [[UInt8]]) -> Take {
        state.withLock { state in
            if !state.pending.isEmpty {
                swap(&state.pending, &batch)
                return .took
            }
            return state.finished ? .finished(state.closeReason) : .empty
        }
    }

    /// Suspends until something is pending, the queue is closed or the consumer is cancelled.
    func waitForMessages() async {
        await withTaskCancellationHandler {
            await withUnsafeContinuation { (continuation: UnsafeContinuation<Void, Never>) in
                let ready = state.withLock { state -> Bool in
                    if !state.pending.isEmpty || state.finished || state.consumerCancelled { return true }
                    state.waiter = continuation
                    return false
                }
                if ready { continuation.resume() }
            }
        } onCancel: {
            let waiter = state.withLock { state -> UnsafeContinuation<Void, Never>? in
                state.consumerCancelled = true
                return state.takeWaiter()
            }
            waiter?.resume()
        }
    }
}
