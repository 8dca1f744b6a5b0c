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

    @Test("a broadcast reaches every connected user's notifications channel, and only users")
    func broadcast() async throws {
        let bus = InProcessBus()
        let hub = makeHub(ManualClock())
        let bridge = try await BusBridge.subscribe(bus: bus, hub: hub)
        let running = Task { await bridge.run() }
        defer { running.cancel() }

        let anonymous = try await hub.connect(to: .market, identity: nil)
        var users: [Subscriber] = []
        for index in 0..<20 {
            users.append(try await hub.connect(to: .notifications(userID: "user\(index)"), identity: Identity(userID: "user\(index)", isAdmin: false)))
        }
        // A user connected only to trading is still a connected user: the broadcast is kept in
        // their notifications history, and reaches the notifications socket they open next.
        let tradingOnly = try await hub.connect(to: .trading(userID: "carol"), identity: Identity(userID: "carol", isAdmin: false))

        try await bus.publish("broadcast", json(#"{"type":"broadcast","data":{"message":"maintenance at 22:00","level":"info"}}"#))

        for user in users {
            var frames = user.outbound.makeAsyncIterator()
            let message = await next(&frames)
            #expect(message?["type"] as? String == "broadcast")
            #expect(message?["channel"] as? String == "notifications.\(user.channel.userID ?? "")")
            #expect(message?["seq"] as? Int == 1)
            #expect((message?["data"] as? [String: Any])?["message"] as? String == "maintenance at 22:00")
        }
        #expect(anonymous.pendingCount == 0)
        #expect(tradingOnly.pendingCount == 0)
        #expect(await hub.currentSeq(of: .notifications(userID: "carol")) == 1)
        let later = try await hub.connect(to: .notifications(userID: "carol"), identity: Identity(userID: "carol", isAdmin: false), lastSeq: 0)
        #expect(objects(await drain(later)).first?["type"] as? String == "broadcast")
    }

    @Test("the bare admin topic reaches every connected admin")
    func adminTopic() async throws {
        let bus = InProcessBus()
        let hub = makeHub(ManualClock())
        let bridge = try await BusBridge.subscribe(bus: bus, hub: hub)
        let running = Task { await bridge.run() }
        defer { running.cancel() }
        let admin = try await hub.connect(to: .admin(userID: "root"), identity: root)
        let user = try await hub.connect(to: .notifications(userID: "alice"), identity: alice)
        try await bus.publish("admin", json(#"{"type":"job_run","data":{"job":"alert_check"}}"#))
        var frames = admin.outbound.makeAsyncIterator()
        #expect(await next(&frames)?["channel"] as? String == "admin.root")
        #expect(user.pendingCount == 0)
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
