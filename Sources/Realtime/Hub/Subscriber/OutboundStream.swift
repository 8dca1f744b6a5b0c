/// What a connection's socket writer iterates: text frames in order, then `.close` when the hub
/// ended the connection; it finishes without `.close` after `Hub.disconnect` or cancellation.
/// There is one consumer per connection.
public struct OutboundStream: AsyncSequence, Sendable {
    public typealias Element = OutboundFrame
    let queue: OutboundQueue

    public func makeAsyncIterator() -> Iterator {
        Iterator(queue: queue)
    }

    /// Hands out a locally held batch, refilled from the queue in one lock per batch.
    public struct Iterator: AsyncIteratorProtocol {
        private var batches: Batches.Iterator
        private var batch: [[UInt8]] = []
        private var index = 0

        init(queue: OutboundQueue) {
            batches = Batches.Iterator(queue: queue)
        }

        public mutating func next() async -> OutboundFrame? {
            while index >= batch.count {
                switch await batches.next() {
                case .texts(let messages):
                    batch = messages
                    index = 0
                case .close(let reason):
                    return .close(reason)
                case nil:
                    return nil
                }
            }
            defer { index += 1 }
            return .text(batch[index])
        }
    }
}

/// What `OutboundStream.Batches` hands out: everything queued at once, or the hub's close.
public enum OutboundBatch: Sendable, Equatable {
    /// Complete JSON text messages, in order.
    case texts([[UInt8]])
    /// The hub closed the connection: send a close frame with this code and reason, then stop.
    case close(CloseReason)
}

extension OutboundStream {
    /// The same frames in batches: a writer that sends a batch in one system call pays the
    /// socket's cost once per burst instead of once per message.
    public var batches: Batches { Batches(queue: queue) }

    public struct Batches: AsyncSequence, Sendable {
        public typealias Element = OutboundBatch
        let queue: OutboundQueue

        public func makeAsyncIterator() -> Iterator { Iterator(queue: queue) }

        public struct Iterator: AsyncIteratorProtocol {
            let queue: OutboundQueue
            private var done = false

            init(queue: OutboundQueue) { self.queue = queue }

            public mutating func next() async -> OutboundBatch? {
                while !done {
                    var batch: [[UInt8]] = []
                    switch queue.take(into: &batch) {
                    case .took:
                        return .texts(batch)
                    case .finished(let reason):
                        done = true
                        return reason.map { .close($0) }
                    case .empty:
                        if Task.isCancelled {
                            done = true
                            return nil
                        }
                        await queue.waitForMessages()
                    }
                }
                return nil
            }
        }
    }
}
