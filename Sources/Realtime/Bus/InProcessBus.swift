import Synchronization

/// The embedded shape's bus: subscribers in this process, no serialisation beyond the payload.
public final class InProcessBus: MessageBus {
    private struct Subscriber {
        let patterns: [TopicPattern]
        let continuation: AsyncStream<BusMessage>.Continuation
        let dropped: DropCounter
    }

    private let subscribers = Mutex<[Int: Subscriber]>([:])
    private let nextID = Atomic<Int>(0)

    public init() {}

    public func publish(_ topic: String, _ payload: [UInt8]) async throws {
        deliver(BusMessage(topic: topic, payload: payload))
    }

    /// Hands `message` (with whatever seq it carries) to the matching subscribers.
    func deliver(_ message: BusMessage) {
        let topic = message.topic
        let targets = subscribers.withLock { $0.values.filter { $0.patterns.contains { $0.matches(topic) } } }
        for target in targets {
            if case .dropped = target.continuation.yield(message) { target.dropped.increment() }
        }
    }

    public func subscribe(_ patterns: [TopicPattern]) async throws -> BusSubscription {
        let id = nextID.add(1, ordering: .relaxed).newValue
        let dropped = DropCounter()
        let (stream, continuation) = AsyncStream.makeStream(of: BusMessage.self, bufferingPolicy: .bufferingNewest(BusSubscription.bufferSize))
        continuation.onTermination = { [weak self] _ in
            _ = self?.subscribers.withLock { $0.removeValue(forKey: id) }
        }
        subscribers.withLock { $0[id] = Subscriber(patterns: patterns, continuation: continuation, dropped: dropped) }
        return BusSubscription(messages: stream, droppedCounter: dropped)
    }

    /// Number of live subscriptions (for stats and tests).
    public var subscriberCount: Int { subscribers.withLock { $0.count } }
}
