import Realtime
import Testing

@Suite("Sequence numbers and resume")
struct SequenceAndResumeTests {
    @Test("seq increases by one per channel stream, independently")
    func perChannel() async throws {
        let clock = ManualClock()
        let hub = makeHub(clock)
        var seqs: [UInt64] = []
        for channel: ChannelName in [.market, .trading(userID: "alice"), .market, .trading(userID: "bob"), .trading(userID: "alice"), .market] {
            seqs.append(await hub.publish(channel: channel, type: "t", data: json("{}")))
        }
        #expect(seqs == [1, 1, 2, 1, 2, 3])

        let subscriber = try await hub.connect(to: .trading(userID: "alice"), identity: alice)
        for _ in 0..<3 { await hub.publish(channel: .trading(userID: "alice"), type: "order", data: json("{}")) }
        let received = objects(await drain(subscriber))
        #expect(received.map { $0["seq"] as? Int } == [3, 4, 5])
        #expect(received.allSatisfy { $0["channel"] as? String == "trading.alice" && $0["type"] as? String == "order" })
        #expect(received.first?["ts"] as? String == "2026-01-02T03:04:05.678901Z")
    }

    @Test("resume delivers exactly the missed messages, in order, then live ones")
    func resumeExactly() async throws {
        let clock = ManualClock()
        let hub = makeHub(clock)
        let first = try await hub.connect(to: .trading(userID: "alice"), identity: alice)
        for index in 1...5 { await hub.publish(channel: .trading(userID: "alice"), type: "order", data: json("{\"n\":\(index)}")) }
        let seen = objects(await drain(first))
        let lastSeq = try #require(seen.last?["seq"] as? Int)
        #expect(lastSeq == 5)
        await hub.disconnect(first)

        for index in 6...9 { await hub.publish(channel: .trading(userID: "alice"), type: "order", data: json("{\"n\":\(index)}")) }
        let again = try await hub.connect(to: .trading(userID: "alice"), identity: alice, lastSeq: UInt64(lastSeq))
        await hub.publish(channel: .trading(userID: "alice"), type: "order", data: json("{\"n\":10}"))
        let resumed = objects(await drain(again))
        #expect(resumed.map { $0["seq"] as? Int } == [6, 7, 8, 9, 10])
        #expect(resumed.map { ($0["data"] as? [String: Any])?["n"] as? Int } == [6, 7, 8, 9, 10])
    }

    @Test("resume answers reset once the gap has left the ring")
    func resetPastRing() async throws {
        let clock = ManualClock()
        let hub = makeHub(clock) { $0.privateHistorySize = 4 }
        let channel = ChannelName.notifications(userID: "alice")
        for _ in 1...10 { await hub.publish(channel: channel, type: "n", data: json("{}")) }
        #expect(await hub.resume(channel: channel, after: 6).count == 4)
        #expect(await hub.resume(channel: channel, after: 5) == .reset)
        #expect(await hub.resume(channel: channel, after: 10) == .messages([]))
        #expect(await hub.resume(channel: channel, after: 11) == .reset, "a seq from another epoch")

        let subscriber = try await hub.connect(to: channel, identity: alice, lastSeq: 2)
        let frames = objects(await drain(subscriber))
        #expect(frames.count == 1)
        #expect(frames.first?["type"] as? String == "reset")
        #expect(frames.first?["channel"] as? String == "notifications.alice")
    }

    @Test("resume answers reset once the gap is older than the max age")
    func resetPastAge() async throws {
        let clock = ManualClock()
        let hub = makeHub(clock) { $0.historyMaxAge = .seconds(60) }
        await hub.publish(channel: .market, type: "q", data: json("{}"))
        clock.advance(.seconds(30))
        await hub.publish(channel: .market, type: "q", data: json("{}"))
        #expect(await hub.resume(channel: .market, after: 0).count == 2)
        clock.advance(.seconds(31))
        #expect(await hub.resume(channel: .market, after: 0) == .reset)
        #expect(await hub.resume(channel: .market, after: 1).count == 1)
    }

    @Test("market resume honours the symbol filter")
    func resumeFiltered() async throws {
        let hub = makeHub(ManualClock())
        for symbol in ["A", "B", "A", "C"] {
            await hub.publish(channel: .market, type: "quote", data: json("{}"), symbol: symbol)
        }
        let subscriber = try await hub.connect(to: .market, identity: nil, symbols: ["A"], lastSeq: 0)
        #expect(objects(await drain(subscriber)).map { $0["seq"] as? Int } == [1, 3])
    }

    @Test("a backlog larger than the queue is a reset, not a lagging drop")
    func backlogTooLarge() async throws {
        let hub = makeHub(ManualClock()) {
            $0.queueCapacity = 8
            $0.historySize = 100
        }
        for _ in 0..<20 { await hub.publish(channel: .market, type: "q", data: json("{}")) }
        let subscriber = try await hub.connect(to: .market, identity: nil, lastSeq: 0)
        let frames = await drain(subscriber)
        #expect(objects(frames).map { $0["type"] as? String } == ["reset"])
        #expect(!subscriber.isClosed)
    }
}

extension ResumeResult {
    var count: Int? {
        if case .messages(let messages) = self { return messages.count }
        return nil
    }
}
