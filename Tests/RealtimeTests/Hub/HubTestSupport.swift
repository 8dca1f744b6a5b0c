import Foundation
import Realtime
import Synchronization

/// A clock the test moves by hand; starts at 2026-01-02T03:04:05.678901Z.
final class ManualClock: Sendable {
    private let micros: Atomic<Int64>

    init(micros: Int64 = 1_767_323_045_678_901) {
        self.micros = Atomic(micros)
    }

    var now: Int64 { micros.load(ordering: .relaxed) }
    var hubClock: HubClock { HubClock { [self] in now } }

    func advance(_ duration: Duration) {
        let (seconds, attoseconds) = duration.components
        micros.add(seconds * 1_000_000 + attoseconds / 1_000_000_000_000, ordering: .relaxed)
    }
}

/// Everything already queued for `subscriber` (and its final `.close`, if closed), without
/// waiting for more.
func drain(_ subscriber: Subscriber) async -> [OutboundFrame] {
    let expected = subscriber.pendingCount + (subscriber.closeReason != nil ? 1 : 0)
    var iterator = subscriber.outbound.makeAsyncIterator()
    var frames: [OutboundFrame] = []
    while frames.count < expected, let frame = await iterator.next() { frames.append(frame) }
    return frames
}

/// The text frames of `frames` decoded as JSON objects.
func objects(_ frames: [OutboundFrame]) -> [[String: Any]] {
    frames.compactMap { frame in
        guard case .text(let bytes) = frame else { return nil }
        return (try? JSONSerialization.jsonObject(with: Data(bytes))) as? [String: Any]
    }
}

func json(_ text: String) -> [UInt8] { Array(text.utf8) }

func makeHub(_ clock: ManualClock, configure: (inout HubConfiguration) -> Void = { _ in }) -> Hub {
    var configuration = HubConfiguration()
    configure(&configuration)
    return Hub(configuration: configuration, clock: clock.hubClock)
}

let alice = Identity(userID: "alice", isAdmin: false)
let bob = Identity(userID: "bob", isAdmin: false)
let root = Identity(userID: "root", isAdmin: true)
