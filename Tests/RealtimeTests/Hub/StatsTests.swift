import Foundation
import Realtime
import Testing

@Suite("Hub stats")
struct StatsTests {
    @Test("connections total, per kind and per channel; durations of closed connections")
    func connections() async throws {
        let clock = ManualClock()
        let hub = makeHub(clock)
        let m1 = try await hub.connect(to: .market, identity: nil)
        _ = try await hub.connect(to: .market, identity: nil)
        let t = try await hub.connect(to: .trading(userID: "alice"), identity: alice)
        _ = try await hub.connect(to: .trading(userID: "bob"), identity: bob)
        _ = try await hub.connect(to: .admin(userID: "root"), identity: root)
        var stats = await hub.stats()
        #expect(stats.connections == 5)
        #expect(stats.connectionsOpenedTotal == 5)
        #expect(stats.connectionsPerKind == ["market": 2, "trading": 2, "admin": 1])
        #expect(stats.connectionsPerChannel == ["market": 2, "trading.alice": 1, "trading.bob": 1, "admin.root": 1])

        clock.advance(.seconds(2))
        await hub.disconnect(m1)
        clock.advance(.seconds(8))
        await hub.disconnect(t)
        await hub.disconnect(t)
        stats = await hub.stats()
        #expect(stats.connections == 3)
        #expect(stats.connectionsOpenedTotal == 5)
        #expect(stats.connectionDurations.count == 2)
        #expect(stats.connectionDurations.p50Seconds == 2)
        #expect(stats.connectionDurations.maxSeconds == 10)
        #expect(stats.connectionDurations.histogram.map(\.leSeconds) == [1, 10, 60, 300, 1800, 3600, 21600, nil])
        #expect(stats.connectionDurations.histogram.map(\.count) == [0, 2, 0, 0, 0, 0, 0, 0])
    }

    @Test("messages in and out per second over the sliding window")
    func rates() async throws {
        let clock = ManualClock()
        let hub = makeHub(clock) { $0.statsWindowSeconds = 10 }
        for _ in 0..<4 { _ = try await hub.connect(to: .market, identity: nil) }
        for _ in 0..<50 { await hub.publish(channel: .market, type: "q", data: json("{}")) }
        var stats = await hub.stats()
        #expect(stats.messagesInPerSecond == 0, "the current second is not complete yet")
        clock.advance(.seconds(1))
        stats = await hub.stats()
        #expect(stats.messagesInTotal == 50)
        #expect(stats.messagesOutTotal == 200)
        #expect(stats.messagesInPerSecond == 5)
        #expect(stats.messagesOutPerSecond == 20)
        clock.advance(.seconds(11))
        stats = await hub.stats()
        #expect(stats.messagesInPerSecond == 0)
        #expect(stats.messagesInTotal == 50)
    }

    @Test("encodes with snake_case keys")
    func coding() async throws {
        let hub = makeHub(ManualClock())
        let stats = await hub.stats()
        let encoded = try JSONEncoder().encode(stats)
        let object = try #require(try JSONSerialization.jsonObject(with: encoded) as? [String: Any])
        for key in ["connections", "connections_opened_total", "connections_per_kind", "connections_per_channel",
                    "connection_durations", "messages_in_per_second", "messages_out_per_second", "dropped",
                    "lagging_disconnects", "rate_limited_disconnects", "bad_frames", "bus_rejected", "window_seconds"] {
            #expect(object[key] != nil, "missing \(key)")
        }
        let durations = try #require(object["connection_durations"] as? [String: Any])
        #expect(durations["p95_seconds"] != nil)
        #expect(try JSONDecoder().decode(HubStats.self, from: encoded) == stats)
    }
}
