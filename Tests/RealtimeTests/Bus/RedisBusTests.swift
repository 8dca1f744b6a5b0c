import Foundation
import Logging
import Realtime
import Testing

@Suite("RedisBus against a real redis-server")
struct RedisBusTests {
    /// `REDIS_URL` (scripts/test starts a server and sets it); outside CI, a server of our own.
    static func withRedis(_ body: (String) async throws -> Void) async throws {
        if let url = ProcessInfo.processInfo.environment["REDIS_URL"] {
            try await body(url)
            return
        }
        if ProcessInfo.processInfo.environment["CI"] != nil {
            Issue.record("REDIS_URL is not set: run scripts/test, which starts redis-server")
            return
        }
        let port = Int.random(in: 20_000...40_000)
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/redis-server")
        process.arguments = ["--port", "\(port)", "--bind", "127.0.0.1", "--save", "", "--appendonly", "no"]
        process.standardOutput = FileHandle.nullDevice
        try process.run()
        defer { kill(process.processIdentifier, SIGKILL); process.waitUntilExit() }
        try await Task.sleep(for: .milliseconds(300))
        try await body("redis://127.0.0.1:\(port)")
    }

    @Test("a message published on one instance reaches subscribers on both, in order")
    func twoInstances() async throws {
        try await Self.withRedis { url in
            let logger = Logger(label: "test.redis-bus")
            let first = try await RedisBus.connect(url: url, logger: logger)
            let second = try await RedisBus.connect(url: url, logger: logger)
            let onFirst = try await first.subscribe([TopicPattern("broadcast")])
            let onSecond = try await second.subscribe([TopicPattern("trading.*")])
            // Give the pattern subscriptions a moment to be active on the server.
            try await Task.sleep(for: .milliseconds(200))
            for index in 0..<20 { try await first.publish("trading.alice", Array("\(index)".utf8)) }
            try await second.publish("broadcast", Array("hello".utf8))
            var received: [String] = []
            for await message in onSecond.messages {
                received.append(String(decoding: message.payload, as: UTF8.self))
                if received.count == 20 { break }
            }
            #expect(received == (0..<20).map(String.init))
            var broadcast = onFirst.messages.makeAsyncIterator()
            let message = await broadcast.next()
            #expect(message?.topic == "broadcast")
            #expect(message?.payload == Array("hello".utf8))
            #expect(await first.isConnected())
            await first.close()
            await second.close()
        }
    }

    @Test("each topic is numbered in Redis: both instances see the same seq for the same message")
    func sharedSequence() async throws {
        try await Self.withRedis { url in
            let logger = Logger(label: "test.redis-bus")
            let first = try await RedisBus.connect(url: url, logger: logger)
            let second = try await RedisBus.connect(url: url, logger: logger)
            let topic = "notifications.seq-\(UInt32.random(in: 0...UInt32.max))"
            let onFirst = try await first.subscribe([TopicPattern(topic)])
            let onSecond = try await second.subscribe([TopicPattern(topic)])
            try await Task.sleep(for: .milliseconds(200))
            // Two publishers interleave; the numbering still follows the delivery order.
            for index in 0..<10 {
                try await (index.isMultiple(of: 2) ? first : second).publish(topic, Array("{\"n\":\(index)}".utf8))
            }
            try await second.publish([(topic, Array("{\"n\":10}".utf8)), (topic, Array("{\"n\":11}".utf8))])
            func collect(_ subscription: BusSubscription) async -> [(UInt64?, String)] {
                var seen: [(UInt64?, String)] = []
                for await message in subscription.messages {
                    seen.append((message.seq, String(decoding: message.payload, as: UTF8.self)))
                    if seen.count == 12 { break }
                }
                return seen
            }
            let a = await collect(onFirst)
            let b = await collect(onSecond)
            #expect(a.map(\.0) == (1...12).map { Optional(UInt64($0)) })
            #expect(a.map(\.0) == b.map(\.0))
            #expect(a.map(\.1) == (0..<12).map { "{\"n\":\($0)}" })
            #expect(a.map(\.1) == b.map(\.1))
            await first.close()
            await second.close()
        }
    }
}
