import Foundation
import Realtime
import Testing

@Suite("Back-pressure")
struct SlowSubscriberTests {
    @Test("batches hand out everything queued at once, in order, then the hub's close")
    func batches() async throws {
        let hub = makeHub(ManualClock())
        let subscriber = try await hub.connect(to: .market, identity: nil)
        for index in 0..<5 { await hub.publish(channel: .market, type: "quote", data: json("{\"i\":\(index)}")) }
        await hub.close(subscriber, reason: .unauthenticated("token expired"))
        var iterator = subscriber.outbound.batches.makeAsyncIterator()
        guard case .texts(let messages)? = await iterator.next() else { Issue.record("no batch"); return }
        #expect(objects(messages.map { .text($0) }).compactMap { $0["seq"] as? Int } == [1, 2, 3, 4, 5])
        #expect(await iterator.next() == .close(.unauthenticated("token expired")))
        #expect(await iterator.next() == nil)
    }

    @Test("whenClosed tells the socket layer once: on a lagging drop, on a close with a reason, at once if already closed")
    func whenClosedIsToldOnce() async throws {
        final class Calls: @unchecked Sendable {
            private let lock = NSLock()
            private var reasons: [CloseReason?] = []
            func append(_ reason: CloseReason?) { lock.lock(); reasons.append(reason); lock.unlock() }
            var all: [CloseReason?] { lock.lock(); defer { lock.unlock() }; return reasons }
        }
        let hub = makeHub(ManualClock()) { $0.queueCapacity = 2 }
        let lagging = try await hub.connect(to: .market, identity: nil)
        let calls = Calls()
        lagging.whenClosed { calls.append($0) }
        for index in 0..<5 { await hub.publish(channel: .market, type: "quote", data: json("{\"i\":\(index)}")) }
        #expect(calls.all == [.lagging])

        let expired = try await hub.connect(to: .market, identity: nil)
        let later = Calls()
        expired.whenClosed { later.append($0) }
        let reason = CloseReason.unauthenticated("token expired")
        await hub.close(expired, reason: reason)
        await hub.close(expired, reason: reason)
        #expect(later.all == [reason])
        // Registered after the close: told at once.
        expired.whenClosed { later.append($0) }
        #expect(later.all == [reason, reason])
    }

    @Test("a subscriber that never reads is dropped with a lagging notice; 100 others get everything")
    func slowIsDropped() async throws {
        let clock = ManualClock()
        let capacity = 64
        let hub = makeHub(clock) { $0.queueCapacity = capacity }
        let slow = try await hub.connect(to: .market, identity: nil)
        var fast: [Subscriber] = []
        for _ in 0..<100 { fast.append(try await hub.connect(to: .market, identity: nil)) }
        let total = 10 * capacity / 2

        try await withThrowingTaskGroup(of: [Int].self) { group in
            for subscriber in fast {
                group.addTask {
                    var seqs: [Int] = []
                    for await frame in subscriber.outbound {
                        guard case .text = frame, let seq = objects([frame]).first?["seq"] as? Int else { continue }
                        seqs.append(seq)
                        if seqs.count == total { break }
                    }
                    return seqs
                }
            }
            // Publish in half-queue batches and let the readers catch up between them, so only
            // the subscriber that never reads can overflow, however the tasks are scheduled.
            for batch in 0..<(total / (capacity / 2)) {
                for index in 0..<(capacity / 2) {
                    await hub.publish(channel: .market, type: "quote", data: json("{\"i\":\(batch * capacity / 2 + index)}"))
                }
                while fast.contains(where: { $0.pendingCount > 0 }) { await Task.yield() }
            }
            var results = 0
            for try await seqs in group {
                #expect(seqs == Array(1...total))
                results += 1
            }
            #expect(results == 100)
        }

        let frames = await drain(slow)
        #expect(frames.count == 2)
        #expect(objects(frames).first?["type"] as? String == "lagging")
        #expect(frames.last == .close(.lagging))
        #expect(slow.closeReason == .lagging)
        #expect(fast.allSatisfy { !$0.isClosed })

        let stats = await hub.stats()
        #expect(stats.laggingDisconnects == 1)
        #expect(stats.dropped == capacity + 1)
        #expect(stats.connections == 100)
        #expect(stats.messagesOutTotal == 100 * total + capacity)
    }

    @Test("publishing never waits for a reader, and a cancelled reader's stream ends")
    func cancelledReader() async throws {
        let hub = makeHub(ManualClock())
        let subscriber = try await hub.connect(to: .market, identity: nil)
        let reader = Task {
            var count = 0
            for await _ in subscriber.outbound { count += 1 }
            return count
        }
        reader.cancel()
        #expect(await reader.value == 0)
    }

    @Test("disconnect finishes the writer's stream without a close frame")
    func disconnectEnds() async throws {
        let hub = makeHub(ManualClock())
        let subscriber = try await hub.connect(to: .market, identity: nil)
        await hub.publish(channel: .market, type: "q", data: json("{}"))
        await hub.disconnect(subscriber)
        var frames: [OutboundFrame] = []
        for await frame in subscriber.outbound { frames.append(frame) }
        #expect(frames.count == 1)
        #expect(await hub.stats().connections == 0)
        await hub.publish(channel: .market, type: "q", data: json("{}"))
    }

    @Test("shutdown closes every connection with going away")
    func shutdown() async throws {
        let hub = makeHub(ManualClock())
        let subscriber = try await hub.connect(to: .market, identity: nil)
        await hub.shutdown()
        #expect(await drain(subscriber) == [.close(.goingAway)])
        #expect(await hub.stats().connections == 0)
    }
}
