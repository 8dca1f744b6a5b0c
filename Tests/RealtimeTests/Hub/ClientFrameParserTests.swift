import Realtime
import Testing

@Suite("Client frames")
struct ClientFrameParserTests {
    let parser = ClientFrameParser(maxFrameBytes: 256, maxSymbols: 3)

    func parse(_ text: String) -> Result<ClientCommand, ClientFrameError> {
        parser.parse(.text(text))
    }

    @Test("well-formed ops")
    func valid() {
        #expect(parse(#"{"op":"ping"}"#) == .success(.ping))
        #expect(parse(#"{"op":"auth","token":"abc"}"#) == .success(.auth(token: "abc")))
        #expect(parse(#"{"op":"subscribe","symbols":["A","B"]}"#) == .success(.subscribe(channel: .market, symbols: ["A", "B"], lastSeq: nil)))
        #expect(parse(#"{"op":"subscribe","channel":"alerts.u1","last_seq":7}"#)
            == .success(.subscribe(channel: .alerts(userID: "u1"), symbols: [], lastSeq: 7)))
        #expect(parse(#"{"op":"unsubscribe","symbols":["A"]}"#) == .success(.unsubscribe(channel: .market, symbols: ["A"])))
        #expect(parse(#" {"op":"ping","extra":[1,2]} "#) == .success(.ping), "unknown fields are ignored")
    }

    @Test("bad frames become typed errors with a reply")
    func invalid() {
        #expect(parser.parse(.binary([1, 2])) == .failure(.binaryFrame))
        #expect(parse("hello") == .failure(.notJSON))
        #expect(parse("[1,2]") == .failure(.notJSON))
        #expect(parse("") == .failure(.notJSON))
        #expect(parse(#"{"symbols":["A"]}"#) == .failure(.missingOp))
        #expect(parse(#"{"op":"dance"}"#) == .failure(.unknownOp("dance")))
        #expect(parse(#"{"op":42}"#) == .failure(.invalidField(name: "op", reason: "wrong type")))
        #expect(parse(#"{"op":"subscribe","symbols":"A"}"#) == .failure(.invalidField(name: "symbols", reason: "wrong type")))
        #expect(parse(#"{"op":"subscribe","symbols":["A","B","C","D"]}"#) == .failure(.tooManySymbols(count: 4, limit: 3)))
        #expect(parse(#"{"op":"subscribe","channel":"orders.u1"}"#) == .failure(.invalidField(name: "channel", reason: "unknown channel")))
        #expect(parse(#"{"op":"subscribe","channel":"trading.u1","symbols":["A"]}"#)
            == .failure(.invalidField(name: "symbols", reason: "only the market channel has symbols")))
        #expect(parse(#"{"op":"subscribe","symbols":[""]}"#) == .failure(.invalidField(name: "symbols", reason: "a symbol is empty or too long")))
        #expect(parse(#"{"op":"auth"}"#) == .failure(.invalidField(name: "token", reason: "a token is required")))
        let big = "{\"op\":\"ping\",\"pad\":\"" + String(repeating: "x", count: 300) + "\"}"
        #expect(parse(big) == .failure(.oversized(bytes: big.utf8.count, limit: 256)))
        #expect(ClientFrameError.notJSON.reply == Envelope.error(code: "invalid_json", message: "frame is not a JSON object"))
    }

    @Test("the policy rate-limits every frame, good or bad, and counts the bad ones")
    func policy() {
        let policy = InboundPolicy(parser: parser, rateBurst: 3, ratePerSecond: 2)
        var state = policy.initialState()
        let now: Int64 = 1_000_000_000
        #expect(policy.evaluate(.text(#"{"op":"ping"}"#), state: &state, nowMicros: now) == .command(.ping))
        #expect(policy.evaluate(.text("nope"), state: &state, nowMicros: now) == .reject(.notJSON))
        #expect(policy.evaluate(.binary([0]), state: &state, nowMicros: now) == .reject(.binaryFrame))
        #expect(policy.evaluate(.text(#"{"op":"ping"}"#), state: &state, nowMicros: now) == .close(.rateLimited))
        #expect(state.badFrames == 2)
        #expect(state.frames == 4)
        // Half a second at 2 per second refills one token.
        #expect(policy.evaluate(.text(#"{"op":"ping"}"#), state: &state, nowMicros: now + 500_000) == .command(.ping))
    }

    @Test("token bucket: burst, steady refill, capped, and no tokens from a clock stepping back")
    func bucket() {
        var bucket = TokenBucket(burst: 2, perSecond: 1)
        let times: [Int64] = [0, 0, 0, 999_999, 1_000_000, -5_000_000, 100_000_000, 100_000_000, 100_000_000]
        let granted = times.map { bucket.take(nowMicros: $0) }
        // Last three: the refill after a long pause is capped at the burst.
        #expect(granted == [true, true, false, false, true, false, true, true, false])
    }
}
