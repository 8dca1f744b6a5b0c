@testable import BourseServer
import Foundation
import Hummingbird
import HummingbirdTesting
import HummingbirdWSClient
import Logging
import Testing

@Suite("WebSocket push over real sockets")
struct PushChannelTests {
    static let logger = Logger(label: "test.ws")

    /// Connects, collects text messages until `until` says stop (or the server closes), and
    /// returns them with the close frame.
    static func collect(_ url: String, send: [String] = [], seconds: Double = 10,
                        until: @escaping @Sendable ([[String: Any]]) -> Bool = { _ in false }) async throws -> Collected {
        let box = MessageBox()
        let close = try await WebSocketClient.connect(url: url, logger: logger) { inbound, outbound, _ in
            for text in send { try await outbound.write(.text(text)) }
            let deadline = Task {
                try await Task.sleep(for: .milliseconds(Int(seconds * 1000)))
                try? await outbound.close(.normalClosure, reason: "test timeout")
            }
            for try await message in inbound.messages(maxSize: 1 << 20) {
                guard case .text(let text) = message,
                      let json = try? JSONSerialization.jsonObject(with: Data(text.utf8)) as? [String: Any] else { continue }
                box.append(json)
                if until(box.all) { break }
            }
            deadline.cancel()
            try? await outbound.close(.normalClosure, reason: nil)
        }
        return Collected(messages: box.all, close: close)
    }

    /// What a connection received, and how it was closed.
    struct Collected: @unchecked Sendable {
        let messages: [[String: Any]]
        let close: WebSocketCloseFrame?
    }

    final class MessageBox: @unchecked Sendable {
        private let lock = NSLock()
        private var items: [[String: Any]] = []
        func append(_ item: [String: Any]) { lock.lock(); items.append(item); lock.unlock() }
        var all: [[String: Any]] { lock.lock(); defer { lock.unlock() }; return items }
    }

    @Test("private channels: anonymous 4401, someone else's 4403, the owner and an admin get in")
    func channelAccess() async throws {
        try await TestApp.run(.live) { client, fixture in
            let port = try #require(client.port)
            let alice = try await client.trader("alice-ws@example.com")
            let bob = try await client.trader("bob-ws@example.com")
            let admin = try await client.admin(fixture)
            let base = "ws://127.0.0.1:\(port)"

            let anonymous = try await Self.collect("\(base)/api/ws/trading/\(alice.id)", seconds: 8)
            #expect(anonymous.close?.closeCode == .unknown(4401))
            let forged = try await Self.collect("\(base)/api/ws/trading/\(alice.id)?token=not.a.token")
            #expect(forged.close?.closeCode == .unknown(4401))
            let other = try await Self.collect("\(base)/api/ws/trading/\(alice.id)?token=\(bob.access)")
            #expect(other.close?.closeCode == .unknown(4403))
            let adminChannel = try await Self.collect("\(base)/api/ws/admin/\(alice.id)?token=\(alice.access)")
            #expect(adminChannel.close?.closeCode == .unknown(4403))

            // The owner (here via the first-message auth) and an admin are let in and answered.
            let owner = try await Self.collect("\(base)/ws/trading/\(alice.id)", send: [#"{"op":"auth","token":"\#(alice.access)"}"#, #"{"op":"ping"}"#],
                                               until: { $0.contains { $0["type"] as? String == "pong" } })
            #expect(owner.messages.contains { $0["type"] as? String == "pong" })
            let byAdmin = try await Self.collect("\(base)/api/ws/trading/\(alice.id)?token=\(admin)", send: [#"{"op":"ping"}"#],
                                                 until: { $0.contains { $0["type"] as? String == "pong" } })
            #expect(byAdmin.messages.contains { $0["type"] as? String == "pong" })
            // Bad frames are answered with an error, not a crash.
            let bad = try await Self.collect("\(base)/api/ws/market", send: ["not json", #"{"op":"dance"}"#],
                                             until: { $0.filter { $0["type"] as? String == "error" }.count >= 2 })
            #expect(bad.messages.filter { $0["type"] as? String == "error" }.count == 2)
        }
    }

    @Test("an order's updates reach its owner's trading channel; the market channel carries enveloped quotes")
    func orderUpdatesAndMarket() async throws {
        try await TestApp.run(.live) { client, _ in
            let port = try #require(client.port)
            let trader = try await client.trader("carol-ws@example.com")
            let base = "ws://127.0.0.1:\(port)"
            let market = try await Self.collect("\(base)/api/ws/market?symbols=BTCUSD", until: { $0.contains { $0["type"] as? String == "quote" } })
            let quote = try #require(market.messages.first { $0["type"] as? String == "quote" })
            #expect(quote["channel"] as? String == "market")
            #expect(quote["seq"] as? Int != nil)
            #expect((quote["ts"] as? String)?.hasSuffix("Z") == true)
            #expect((quote["data"] as? [String: Any])?["symbol"] as? String == "BTCUSD")
            #expect(market.messages.allSatisfy { ($0["data"] as? [String: Any])?["symbol"] as? String ?? "BTCUSD" == "BTCUSD" })

            let listener = Task {
                try await Self.collect("\(base)/api/ws/trading/\(trader.id)?token=\(trader.access)", until: { messages in
                    messages.contains { (($0["data"] as? [String: Any])?["event"] as? String) == "new" }
                })
            }
            try await Task.sleep(for: .milliseconds(500))
            let placed = try await client.send(.post, "/trading/orders", json: [
                "symbol": "BTCUSD", "side": "buy", "type": "limit", "qty": "0.01", "limit_price": "1000.00",
            ], token: trader.access)
            #expect(placed.status == .created)
            let received = try await listener.value
            let update = try #require(received.messages.first { $0["type"] as? String == "trade_update" })
            #expect(update["channel"] as? String == "trading.\(trader.id)")
            #expect(((update["data"] as? [String: Any])?["order"] as? [String: Any])?["id"] as? String == placed.string("id"))
        }
    }

    @Test("targeted pushes: an alert reaches the user's alerts channel, a signal their trading channel")
    func targetedPushes() async throws {
        try await TestApp.run(.live) { client, fixture in
            let port = try #require(client.port)
            let trader = try await client.trader("erin-ws@example.com")
            let admin = try await client.admin(fixture)
            let alerts = Task {
                try await PushChannelTests.collect("ws://127.0.0.1:\(port)/api/ws/alerts/\(trader.id)?token=\(trader.access)",
                                                   until: { $0.contains { $0["type"] as? String == "alert" } })
            }
            let trading = Task {
                try await PushChannelTests.collect("ws://127.0.0.1:\(port)/api/ws/trading/\(trader.id)?token=\(trader.access)",
                                                   until: { $0.contains { $0["type"] as? String == "signal" } })
            }
            try await Task.sleep(for: .milliseconds(600))
            #expect(try await client.send(.post, "/api/ws/push/alert", json: ["message": "margin call (simulated)", "user_id": trader.id], token: admin).status == .accepted)
            #expect(try await client.send(.post, "/api/ws/push/signal",
                json: ["symbol": "BTCUSD", "action": "buy", "reason": "desk idea", "strength": "0.5", "user_id": trader.id], token: admin).status == .accepted)
            #expect(try await alerts.value.messages.contains { ($0["data"] as? [String: Any])?["message"] as? String == "margin call (simulated)" })
            #expect(try await trading.value.messages.contains { ($0["data"] as? [String: Any])?["reason"] as? String == "desk idea" })
        }
    }

    @Test("a broadcast reaches connected users; stats count connections; bad pushes are 400")
    func broadcastAndStats() async throws {
        try await TestApp.run(.live) { client, fixture in
            let port = try #require(client.port)
            let trader = try await client.trader("dave-ws@example.com")
            let admin = try await client.admin(fixture)
            let listener = Task {
                try await Self.collect("ws://127.0.0.1:\(port)/api/ws/notifications/\(trader.id)?token=\(trader.access)",
                                       until: { $0.contains { $0["type"] as? String == "broadcast" } })
            }
            try await Task.sleep(for: .milliseconds(500))
            let stats = try await client.send(.get, "/api/ws/stats", token: admin)
            #expect(stats.status == .ok)
            let sent = try await client.send(.post, "/api/ws/push/broadcast", json: ["message": "Market closes early", "level": "warning"], token: admin)
            #expect(sent.status == .accepted)
            let received = try await listener.value
            let broadcast = try #require(received.messages.first { $0["type"] as? String == "broadcast" })
            #expect((broadcast["data"] as? [String: Any])?["message"] as? String == "Market closes early")

            BadInputTests.expectContractShape(try await client.send(.post, "/api/ws/push/broadcast", json: ["message": ""], token: admin), 400, "invalid_message")
            BadInputTests.expectContractShape(try await client.send(.post, "/api/ws/push/broadcast", json: ["message": "x", "level": "panic"], token: admin), 400, "invalid_level")
            BadInputTests.expectContractShape(try await client.send(.post, "/api/ws/push/broadcast", json: ["message": "x"], token: trader.access), 403, "admin_only")
            BadInputTests.expectContractShape(try await client.send(.post, "/api/ws/push/notification",
                json: ["user_id": UUID().uuidString, "title": "t", "body": "b"], token: admin), 404, "user_not_found")
            BadInputTests.expectContractShape(try await client.send(.get, "/api/ws/stats", token: trader.access), 403, "admin_only")
            BadInputTests.expectContractShape(try await client.send(.post, "/api/ws/push/signal",
                json: ["symbol": "BTCUSD", "action": "moon", "reason": "r"], token: admin), 400, "invalid_action")
            BadInputTests.expectContractShape(try await client.send(.post, "/api/ws/push/signal",
                json: ["symbol": "BTCUSD", "action": "buy", "reason": "r", "strength": 3], token: admin), 400, "invalid_strength")
            BadInputTests.expectContractShape(try await client.send(.post, "/api/ws/push/alert",
                json: ["message": "x", "user_id": UUID().uuidString], token: admin), 404, "user_not_found")
            BadInputTests.expectContractShape(try await client.send(.post, "/api/ws/push/market", json: ["message": " "], token: admin), 400, "invalid_message")
        }
    }
}

@Suite("Push across instances through Redis")
struct PushAcrossInstancesTests {
    @Test("a broadcast from one instance reaches a user on another; the user resumes on the first with last_seq")
    func broadcastAcrossInstances() async throws {
        try await TestRedis.withRedis { url in
            // The services shape: a trading+backend instance and a second backend instance on one
            // database and one Redis.
            try await TestApp.run(.live, configure: { $0.redisURL = url }) { first, firstFixture in
                let admin = try await first.admin(firstFixture)
                let firstPort = try #require(first.port)
                try await TestApp.run(.live, database: firstFixture.database, configure: { $0.redisURL = url; $0.role = .backend }) { second, _ in
                    let port = try #require(second.port)
                    let trader = try await second.trader("remote@example.com")
                    let listener = Task {
                        try await PushChannelTests.collect("ws://127.0.0.1:\(port)/api/ws/notifications/\(trader.id)?token=\(trader.access)",
                                                           until: { $0.filter { $0["type"] as? String == "broadcast" }.count == 2 })
                    }
                    try await Task.sleep(for: .milliseconds(700))
                    for text in ["from instance one", "and again"] {
                        let sent = try await first.send(.post, "/api/ws/push/broadcast", json: ["message": text], token: admin)
                        #expect(sent.status == .accepted)
                    }
                    let received = try await listener.value.messages.filter { $0["type"] as? String == "broadcast" }
                    #expect(received.map { ($0["data"] as? [String: Any])?["message"] as? String } == ["from instance one", "and again"])
                    let seqs = received.compactMap { $0["seq"] as? Int }
                    #expect(seqs.count == 2 && seqs[1] == seqs[0] + 1)
                    // The second instance is gone for this client: on the first, last_seq brings back
                    // exactly what it missed after the first message, with the same seq.
                    let resumed = try await PushChannelTests.collect(
                        "ws://127.0.0.1:\(firstPort)/api/ws/notifications/\(trader.id)?token=\(trader.access)&last_seq=\(seqs[0])",
                        seconds: 3, until: { $0.contains { $0["type"] as? String == "broadcast" } })
                    let replayed = resumed.messages.filter { $0["type"] as? String == "broadcast" }
                    #expect(replayed.compactMap { $0["seq"] as? Int } == [seqs[1]])
                    #expect((replayed.first?["data"] as? [String: Any])?["message"] as? String == "and again")
                }
            }
        }
    }
}
