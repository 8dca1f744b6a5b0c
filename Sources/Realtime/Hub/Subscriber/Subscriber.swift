import Synchronization

/// One connection's handle: the server's socket writer iterates `outbound`; the reader passes
/// frames to `Hub.receive`. Created by `Hub.connect`, ended by `Hub.disconnect` or the hub.
public final class Subscriber: Sendable, Hashable, Identifiable, CustomStringConvertible {
    public let id: UInt64
    /// The channel the connection was opened for (its URL); it may subscribe to more.
    public let channel: ChannelName
    public let connectedAtMicros: Int64
    let queue: OutboundQueue
    let inbound: Mutex<InboundPolicy.State>

    init(id: UInt64, channel: ChannelName, connectedAtMicros: Int64, queueCapacity: Int, inbound: InboundPolicy.State) {
        self.id = id
        self.channel = channel
        self.connectedAtMicros = connectedAtMicros
        queue = OutboundQueue(capacity: queueCapacity)
        self.inbound = Mutex(inbound)
    }

    /// Text frames to write, in order, then `.close` if the hub ended the connection.
    public var outbound: OutboundStream { OutboundStream(queue: queue) }

    /// Set once the hub has closed the connection with a reason (lagging, rate limit…).
    public var closeReason: CloseReason? { queue.closeReason }

    public var isClosed: Bool { queue.isClosed }

    /// Runs `body` once when the connection is closed, by the hub (with its reason) or by
    /// `Hub.disconnect` (nil); at once when that already happened.
    public func whenClosed(_ body: @escaping @Sendable (CloseReason?) -> Void) { queue.whenClosed(body) }

    /// Messages queued and not yet picked up by the writer.
    public var pendingCount: Int { queue.pendingCount }

    public static func == (lhs: Subscriber, rhs: Subscriber) -> Bool { lhs.id == rhs.id }
    public func hash(into hasher: inout Hasher) { hasher.combine(id) }
    public var description: String { "Subscriber(\(id), \(channel))" }
}
