import Realtime
import Testing

@Suite("BusBridge")
struct BusBridgeTests {
    /// The next text frame, waiting for it: the bridge runs in its own task.
    func next(_ iterator: inout OutboundStream.Iterator) async -> [String: Any]? {
        guard let frame = await iterator.next() else { return nil }
        return objects([frame]).first
    }

    @Test("bus messages reach the right channels, with data forwarded verbatim")
    func endToEnd() async throws {
        let bus = InProcessBus()
        let hub = makeHub(ManualClock())
        let bridge = try await BusBridge.subscribe(bus: bus, hub: hub)
        let running = Task { await bridge.run() }
        defer { running.cancel() }

        let market = try await hub.connect(to: .market, identity: nil, symbols: ["ACME"])
        let aliceTrading = try await hub.connect(to: .trading(userID: "alice"), identity: alice)
        let bobTrading = try await hub.connect(to: .trading(userID: "bob"), identity: bob)

        try await bus.publish("market", json(#"{"type":"quote","data":{"symbol":"OTHER","bid":"1.00"}}"#))
        try await bus.publish("market", json(#"{"type": "quote", "data": {"symbol": "ACME", "bid": "10.50", "n": 1.50e2}}"#))
        try await bus.publish("trading.alice", json(#"{"type":"order","data":{"id":"o1","status":"filled"}}"#))
        try await bus.publish("trading.bob", json(#"{"type":"fill","data":{"id":"f1"}}"#))

        var marketFrames = market.outbound.makeAsyncIterator()
        guard case .text(let bytes) = await marketFrames.next() else {
            Issue.record("no market frame")
            return
        }
        let text = String(decoding: bytes, as: UTF8.self)
        #expect(text.hasPrefix(#"{"channel":"market","type":"quote","seq":2,"ts":""#))
        #expect(text.hasSuffix(#""data":{"symbol": "ACME", "bid": "10.50", "n": 1.50e2}}"#))

        var aliceFrames = aliceTrading.outbound.makeAsyncIterator()
        let order = await next(&aliceFrames)
        #expect(order?["channel"] as? String == "trading.alice")
        #expect(order?["type"] as? String == "order")
        #expect((order?["data"] as? [String: Any])?["status"] as? String == "filled")

        var bobFrames = bobTrading.outbound.makeAsyncIterator()
        #expect(await next(&bobFrames)?["type"] as? String == "fill")
        #expect(aliceTrading.pendingCount == 0)
    }

    @Test("a seq given by the bus is kept; a repeat is dropped; a gap clears the history so resume resets")
    func numberedStream() async throws {
        let hub = makeHub(ManualClock())
        let bridge = try await BusBridge.subscribe(bus: InProcessBus(), hub: hub)
        let note = json(#"{"type":"notification","data":{"title":"t"}}"#)
        let channel = ChannelName.notifications(userID: "alice")
        // This hub joins a stream that is already at 41 on the bus (another instance ran first).
        for seq in [41, 42, 42, 43] as [UInt64] {
            await bridge.forward(BusMessage(topic: "notifications.alice", payload: note, seq: seq))
        }
        #expect(await hub.currentSeq(of: channel) == 43)
        let resumed = try await hub.connect(to: channel, identity: alice, lastSeq: 41)
        #expect(objects(await drain(resumed)).compactMap { $0["seq"] as? Int } == [42, 43])
        // Before what this hub holds: the client is told to refetch.
        let early = try await hub.connect(to: channel, identity: alice, lastSeq: 30)
        #expect(objects(await drain(early)).first?["type"] as? String == "reset")
        // Messages 44 and 45 never arrived (the bus connection dropped): 46 starts afresh.
        await bridge.forward(BusMessage(topic: "notifications.alice", payload: note, seq: 46))
        let acrossGap = try await hub.connect(to: channel, identity: alice, lastSeq: 43)
        #expect(objects(await drain(acrossGap)).first?["type"] as? String == "reset")
        let afterGap = try await hub.connect(to: channel, identity: alice, lastSeq: 45)
        #expect(objects(await drain(afterGap)).compactMap { $0["seq"] as? Int } == [46])
    }

    @Test("unusable bus messages are counted, not forwarded")
    func rejects() async throws {
        let hub = makeHub(ManualClock())
        let subscriber = try await hub.connect(to: .market, identity: nil)
        let bridge = try await BusBridge.subscribe(bus: InProcessBus(), hub: hub)
        let bad: [BusMessage] = [
            BusMessage(topic: "market", payload: json("not json")),
            BusMessage(topic: "market", payload: json(#"{"data":{}}"#)),
            BusMessage(topic: "market", payload: json(#"{"type":"q","data":{"a":01}}"#)),
            BusMessage(topic: "market", payload: json(#"{"type":"q","data":{"a":1}"#)),
            BusMessage(topic: "market", payload: json(#"{"type":"q","data":{"a":"\u12"}}"#)),
            BusMessage(topic: "trading.", payload: json(#"{"type":"q","data":{}}"#)),
            BusMessage(topic: "orders.x", payload: json(#"{"type":"q","data":{}}"#)),
        ]
        for message in bad { #expect(await bridge.forward(message) == false) }
        #expect(await bridge.forward(BusMessage(topic: "market", payload: json(#"{"type":"status","data":[true,false,null,-0.5,"\u00e9\ud83d\ude00"]}"#))))
        #expect(await hub.stats().busRejected == bad.count)
        let frames = objects(await drain(subscriber))
        #expect(frames.count == 1)
        #expect((frames.first?["data"] as? [Any])?.count == 5)
    }
}
