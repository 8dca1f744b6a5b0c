import Synchronization

/// The hub's counters, shared by the actor and the nonisolated inbound path; one short lock per
/// publish or frame, never per subscriber.
final class HubMeter: Sendable {
    struct Counters: Sendable {
        var connectionsOpened = 0
        var messagesIn = 0
        var messagesOut = 0
        var clientFrames = 0
        var badFrames = 0
        var dropped = 0
        var laggingDisconnects = 0
        var rateLimitedDisconnects = 0
        var busRejected = 0
        var inWindow: RateWindow
        var outWindow: RateWindow
        var framesWindow: RateWindow
        var durations = DurationRecorder()
    }

    private let counters: Mutex<Counters>
    let windowSeconds: Int

    init(windowSeconds: Int) {
        self.windowSeconds = max(1, windowSeconds)
        counters = Mutex(Counters(
            inWindow: RateWindow(seconds: windowSeconds),
            outWindow: RateWindow(seconds: windowSeconds),
            framesWindow: RateWindow(seconds: windowSeconds)
        ))
    }

    func published(delivered: Int, nowMicros: Int64) {
        counters.withLock {
            $0.messagesIn += 1
            $0.messagesOut += delivered
            $0.inWindow.record(1, nowMicros: nowMicros)
            $0.outWindow.record(delivered, nowMicros: nowMicros)
        }
    }

    func delivered(_ count: Int, nowMicros: Int64) {
        counters.withLock {
            $0.messagesOut += count
            $0.outWindow.record(count, nowMicros: nowMicros)
        }
    }

    func clientFrame(bad: Bool, nowMicros: Int64) {
        counters.withLock {
            $0.clientFrames += 1
            if bad { $0.badFrames += 1 }
            $0.framesWindow.record(1, nowMicros: nowMicros)
        }
    }

    func opened() { counters.withLock { $0.connectionsOpened += 1 } }

    func closed(seconds: Double) { counters.withLock { $0.durations.record(seconds: seconds) } }

    func lagged(dropped: Int) {
        counters.withLock {
            $0.dropped += dropped
            $0.laggingDisconnects += 1
        }
    }

    func rateLimited() { counters.withLock { $0.rateLimitedDisconnects += 1 } }

    func busRejected() { counters.withLock { $0.busRejected += 1 } }

    func snapshot() -> Counters { counters.withLock { $0 } }
}
