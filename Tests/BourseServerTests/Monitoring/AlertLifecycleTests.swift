import Foundation
import Hummingbird
import HummingbirdTesting
@testable import BourseServer
import Testing

@Suite("Alerts through the server")
struct AlertLifecycleTests {
    /// Runs `alert_check` now (again after a 409 while a scheduled run of it is going).
    static func check(_ client: any TestClientProtocol, _ admin: String) async throws {
        #expect(try await eventually {
            try await client.send(.post, "/api/scheduler/jobs/alert_check/run", token: admin).status.code < 300
        })
    }

    static func state(_ client: any TestClientProtocol, _ admin: String, rule: String) async throws -> String? {
        let alerts = try await client.send(.get, "/api/monitoring/alerts", token: admin)
        return (alerts["alerts"] as? [[String: Any]] ?? []).first { $0["name"] as? String == rule }?["state"] as? String
    }

    @Test("an alert on a metric the test controls (open sockets) goes pending, firing, resolved, and is pushed to the admin")
    func pendingFiringResolved() async throws {
        try await TestApp.run(.live) { client, fixture in
            let admin = try await client.admin(fixture)
            let me = try await client.send(.get, "/api/auth/me", token: admin)
            let adminID = try #require(me.string("id"))
            let port = try #require(client.port)
            let rule = try await client.send(.post, "/api/monitoring/alerts", json: [
                "name": "busy sockets", "metric": "ws_connections", "op": ">", "threshold": "1", "for_seconds": "1", "severity": "warning",
            ], token: admin)
            #expect(rule.status == .created, "\(rule.text)")

            // The admin's alerts channel is one socket (the threshold allows it); the market
            // socket is the second, which crosses it.
            let pushed = Task {
                try await PushChannelTests.collect("ws://127.0.0.1:\(port)/api/ws/alerts/\(adminID)?token=\(admin)", seconds: 60, until: { messages in
                    messages.contains { ($0["data"] as? [String: Any])?["kind"] as? String == "resolved" }
                })
            }
            try await Task.sleep(for: .milliseconds(300))
            // Held open until the alert fires (market data keeps arriving, so `until` is asked often).
            let firing = Flag()
            let extra = Task { try await PushChannelTests.collect("ws://127.0.0.1:\(port)/api/ws/market", seconds: 120, until: { _ in firing.isSet }) }
            try await Task.sleep(for: .milliseconds(300))

            try await Self.check(client, admin)
            // Pending lasts one second; a scheduled check may already have moved it on (the pushed
            // events below show every step).
            #expect(try await eventually { ["pending", "firing"].contains(try await Self.state(client, admin, rule: "busy sockets") ?? "") })
            try await Task.sleep(for: .milliseconds(1200))
            try await Self.check(client, admin)
            #expect(try await eventually { try await Self.state(client, admin, rule: "busy sockets") == "firing" })

            firing.set()
            _ = try await extra.value
            try await Self.check(client, admin)
            #expect(try await eventually { try await Self.state(client, admin, rule: "busy sockets") == "resolved" })

            let kinds = try await pushed.value.messages.filter { $0["type"] as? String == "alert" }
                .compactMap { ($0["data"] as? [String: Any])?["kind"] as? String }
            #expect(kinds.contains("pending") && kinds.contains("firing") && kinds.contains("resolved"), "pushed: \(kinds)")
        }
    }

    final class Flag: @unchecked Sendable {
        private let lock = NSLock()
        private var value = false
        func set() { lock.lock(); value = true; lock.unlock() }
        var isSet: Bool { lock.lock(); defer { lock.unlock() }; return value }
    }
}
