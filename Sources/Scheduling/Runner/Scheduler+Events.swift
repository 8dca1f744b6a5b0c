import Foundation

extension Scheduler {
    /// A new stream of events for one consumer; the oldest are dropped if it falls behind.
    public func events(bufferingNewest limit: Int = 1024) -> AsyncStream<SchedulerEvent> {
        let (stream, continuation) = AsyncStream.makeStream(of: SchedulerEvent.self, bufferingPolicy: .bufferingNewest(limit))
        let id = UUID()
        subscribers[id] = continuation
        continuation.onTermination = { [weak self] _ in
            Task { await self?.unsubscribe(id) }
        }
        return stream
    }

    func emit(_ event: SchedulerEvent) {
        for continuation in subscribers.values {
            continuation.yield(event)
        }
    }

    private func unsubscribe(_ id: UUID) {
        subscribers.removeValue(forKey: id)
    }
}
