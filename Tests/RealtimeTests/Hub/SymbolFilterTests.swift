import Realtime
import Testing

@Suite("Market symbol filter")
struct SymbolFilterTests {
    func symbols(_ frames: [OutboundFrame]) -> [String] {
        objects(frames).compactMap { ($0["data"] as? [String: Any])?["symbol"] as? String ?? "-" }
    }

    @Test("a message for X reaches only those who asked for X or for all")
    func routing() async throws {
        let hub = makeHub(ManualClock())
        let everything = try await hub.connect(to: .market, identity: nil)
        let onlyA = try await hub.connect(to: .market, identity: nil, symbols: ["A"])
        let aAndB = try await hub.connect(to: .market, identity: nil, symbols: ["A", "B"])
        for symbol in ["A", "B", "C"] {
            await hub.publish(channel: .market, type: "quote", data: json("{\"symbol\":\"\(symbol)\"}"), symbol: symbol)
        }
        await hub.publish(channel: .market, type: "status", data: json("{}"))
        #expect(symbols(await drain(everything)) == ["A", "B", "C", "-"])
        #expect(symbols(await drain(onlyA)) == ["A", "-"])
        #expect(symbols(await drain(aAndB)) == ["A", "B", "-"])
    }

    @Test("subscribe ops narrow, widen and unsubscribe ops remove; * means all")
    func ops() async throws {
        let hub = makeHub(ManualClock())
        let subscriber = try await hub.connect(to: .market, identity: nil)
        #expect(await hub.receive(.text(#"{"op":"subscribe","symbols":["A"]}"#), from: subscriber) == .handled)
        #expect(await hub.receive(.text(#"{"op":"subscribe","symbols":["B"]}"#), from: subscriber) == .handled)
        #expect(await hub.receive(.text(#"{"op":"unsubscribe","symbols":["A"]}"#), from: subscriber) == .handled)
        let acks = objects(await drain(subscriber))
        #expect(acks.map { $0["symbols"] as? [String] } == [["A"], ["A", "B"], ["B"]])
        #expect(acks.map { $0["type"] as? String } == ["subscribed", "subscribed", "unsubscribed"])

        for symbol in ["A", "B"] { await hub.publish(channel: .market, type: "q", data: json("{\"symbol\":\"\(symbol)\"}"), symbol: symbol) }
        #expect(symbols(await drain(subscriber)) == ["B"])

        _ = await hub.receive(.text(#"{"op":"subscribe","symbols":["*"]}"#), from: subscriber)
        _ = await drain(subscriber)
        for symbol in ["A", "C"] { await hub.publish(channel: .market, type: "q", data: json("{\"symbol\":\"\(symbol)\"}"), symbol: symbol) }
        #expect(symbols(await drain(subscriber)) == ["A", "C"])

        _ = await hub.receive(.text(#"{"op":"unsubscribe"}"#), from: subscriber)
        _ = await drain(subscriber)
        await hub.publish(channel: .market, type: "q", data: json("{}"), symbol: "A")
        #expect(await drain(subscriber).isEmpty)
    }

    @Test("the per-connection symbol cap is an error, not a crash")
    func cap() async throws {
        let hub = makeHub(ManualClock()) { $0.maxSymbolsPerConnection = 3 }
        await #expect(throws: HubError.tooManySymbols(count: 4, limit: 3)) {
            try await hub.connect(to: .market, identity: nil, symbols: ["A", "B", "C", "D"])
        }
        let subscriber = try await hub.connect(to: .market, identity: nil, symbols: ["A", "B"])
        #expect(await hub.receive(.text(#"{"op":"subscribe","symbols":["C","D"]}"#), from: subscriber) == .handled)
        let reply = objects(await drain(subscriber))
        #expect(reply.first?["type"] as? String == "error")
        #expect(reply.first?["code"] as? String == "too_many_symbols")
        // The filter is unchanged by the refused op.
        await hub.publish(channel: .market, type: "q", data: json("{\"symbol\":\"C\"}"), symbol: "C")
        await hub.publish(channel: .market, type: "q", data: json("{\"symbol\":\"B\"}"), symbol: "B")
        #expect(symbols(await drain(subscriber)) == ["B"])

        let thousand = (0..<1000).map { "\"S\($0)\"" }.joined(separator: ",")
        _ = await hub.receive(.text("{\"op\":\"subscribe\",\"symbols\":[\(thousand)]}"), from: subscriber)
        #expect(objects(await drain(subscriber)).first?["code"] as? String == "too_many_symbols")
        #expect(!subscriber.isClosed)
    }
}
