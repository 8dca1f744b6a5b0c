import Realtime
import Testing

@Suite("InProcessBus")
struct InProcessBusTests {
    @Test("delivers in order to every matching subscriber, and only to them")
    func fanOut() async throws {
        let bus = InProcessBus()
        let market = try await bus.subscribe([TopicPattern("market")])
        let trading = try await bus.subscribe([TopicPattern("trading.*")])
        try await bus.publish("market", Array("1".utf8))
        try await bus.publish("trading.alice", Array("2".utf8))
        try await bus.publish("market", Array("3".utf8))
        try await bus.publish("admin", Array("4".utf8))
        var marketIterator = market.messages.makeAsyncIterator()
        #expect(await marketIterator.next()?.payload == Array("1".utf8))
        #expect(await marketIterator.next()?.payload == Array("3".utf8))
        var tradingIterator = trading.messages.makeAsyncIterator()
        let first = await tradingIterator.next()
        #expect(first?.topic == "trading.alice")
        #expect(first?.payload == Array("2".utf8))
    }

    @Test("a subscriber that falls behind loses the oldest messages, counted, without blocking the publisher")
    func boundedBuffer() async throws {
        let bus = InProcessBus()
        let slow = try await bus.subscribe([TopicPattern("market")])
        let total = BusSubscription.bufferSize + 10
        for index in 0..<total {
            try await bus.publish("market", Array(String(index).utf8))
        }
        #expect(slow.dropped == 10)
        var iterator = slow.messages.makeAsyncIterator()
        #expect(await iterator.next()?.payload == Array("10".utf8))
    }

    @Test("dropping a subscription unsubscribes it")
    func unsubscribe() async throws {
        let bus = InProcessBus()
        do {
            let subscription = try await bus.subscribe([TopicPattern("market")])
            #expect(bus.subscriberCount == 1)
            _ = subscription
        }
        // The stream's termination handler runs when the last reference goes away.
        for _ in 0..<100 where bus.subscriberCount > 0 { try await Task.sleep(for: .milliseconds(10)) }
        #expect(bus.subscriberCount == 0)
    }

    @Test("patterns: exact topics and trailing-* prefixes")
    func patterns() {
        #expect(TopicPattern("market").matches("market"))
        #expect(!TopicPattern("market").matches("market.x"))
        #expect(TopicPattern("trading.*").matches("trading.abc"))
        #expect(!TopicPattern("trading.*").matches("tradingx"))
        #expect(TopicPattern("*").matches("anything"))
    }
}
