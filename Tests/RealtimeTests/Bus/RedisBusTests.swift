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
}
