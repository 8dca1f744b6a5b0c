/// Fan-out between the parts of Bourse: publishers (the simulator, the order path, the
/// scheduler) never know who listens. `InProcessBus` serves the embedded shape; `RedisBus`
/// carries the same messages between processes.
public protocol MessageBus: Sendable {
    /// Delivers `payload` to every current subscriber whose pattern matches `topic`.
    func publish(_ topic: String, _ payload: [UInt8]) async throws
    /// Messages on topics matching any of `patterns`, in publication order, until the stream is
    /// dropped. The buffer is bounded (`BusSubscription.bufferSize`): a subscriber that falls
    /// behind loses the oldest messages and the loss is counted, rather than slowing publishers.
    func subscribe(_ patterns: [TopicPattern]) async throws -> BusSubscription
    /// Publishes several messages in this order (one round trip where the bus can pipeline).
    func publish(_ messages: [(topic: String, payload: [UInt8])]) async throws
}

extension MessageBus {
    public func publish(_ messages: [(topic: String, payload: [UInt8])]) async throws {
        for message in messages { try await publish(message.topic, message.payload) }
    }
}

/// A live subscription: iterate `messages`; `dropped` counts what was lost to a full buffer.
public struct BusSubscription: Sendable {
    /// How many messages a subscriber may fall behind before the oldest are dropped.
    public static let bufferSize = 8192

    public let messages: AsyncStream<BusMessage>
    let droppedCounter: DropCounter

    public init(messages: AsyncStream<BusMessage>, droppedCounter: DropCounter) {
        self.messages = messages
        self.droppedCounter = droppedCounter
    }

    /// Messages lost so far because this subscriber fell behind.
    public var dropped: Int { droppedCounter.value }
}
