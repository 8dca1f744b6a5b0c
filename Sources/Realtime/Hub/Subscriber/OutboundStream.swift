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
        let queue: OutboundQueue
        private var batch: [[UInt8]] = []
        private var index = 0
        private var done = false

        init(queue: OutboundQueue) {
            self.queue = queue
        }

        public mutating func next() async -> OutboundFrame? {
            while true {
                if index < batch.count {
                    defer { index += 1 }
                    return .text(batch[index])
                }
                if done { return nil }
                batch.removeAll(keepingCapacity: true)
                index = 0
                switch queue.take(into: &batch) {
                case .took:
                    continue
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
        }
    }
}
