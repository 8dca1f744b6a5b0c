@testable import BourseServer
import Foundation
import Hummingbird
import HummingbirdTesting
import Logging
import Monitoring
import Testing

@Suite("Monitoring endpoints")
struct MonitoringEndpointTests {
    @Test("health summary, database and Redis health, metrics; traders are refused")
    func health() async throws {
        try await TestApp.run { client, fixture in
            let admin = try await client.admin(fixture)
            let trader = try await client.trader("mon-trader@example.com")
            for path in ["/api/monitoring/health/summary", "/api/monitoring/db/health", "/api/monitoring/redis/health",
                         "/api/monitoring/metrics", "/api/monitoring/logs", "/api/monitoring/alerts", "/api/monitoring/websocket/stats"] {
                BadInputTests.expectContractShape(try await client.send(.get, path, token: trader.access), 403, "admin_only")
            }
            #expect(try await eventually {
                let summary = try await client.send(.get, "/api/monitoring/health/summary", token: admin)
                return (summary["services"] as? [[String: Any]])?.count == 4
            })
            let summary = try await client.send(.get, "/api/monitoring/health/summary", token: admin)
            let services = try #require(summary["services"] as? [[String: Any]])
            let byName = Dictionary(uniqueKeysWithValues: services.map { ($0["service"] as! String, $0["status"] as! String) })
            #expect(byName["database"] == "up")
            #expect(byName["backend"] == "up")
            #expect(byName["redis"] == "not_configured")
            let database = try await client.send(.get, "/api/monitoring/db/health", token: admin)
            #expect(database.string("status") == "up")
            #expect(database["size_bytes"] as? Int != nil)
            #expect(try await client.send(.get, "/api/monitoring/redis/health", token: admin).string("status") == "not_configured")
        }
    }

    @Test("alerts: a rule with an unknown metric or a negative duration is a 400; a raised alert is acknowledged and resolved")
    func alerts() async throws {
        try await TestApp.run { client, fixture in
            let admin = try await client.admin(fixture)
            BadInputTests.expectContractShape(try await client.send(.post, "/api/monitoring/alerts", json: [
                "name": "x", "metric": "no_such_metric", "op": ">", "threshold": 1], token: admin), 400, "invalid_rule")
            BadInputTests.expectContractShape(try await client.send(.post, "/api/monitoring/alerts", json: [
                "name": "x", "metric": "host_cpu_percent", "op": ">", "threshold": 1, "for_seconds": -5], token: admin), 400, "invalid_rule")
            BadInputTests.expectContractShape(try await client.send(.post, "/api/monitoring/alerts", json: ["message": "x", "level": "panic"], token: admin), 400, "invalid_level")
            let raised = try await client.send(.post, "/api/monitoring/alerts", json: ["message": "disk replaced tonight", "level": "info"], token: admin)
            #expect(raised.status == .created)
            let id = try #require(raised.string("id"))
            #expect(try await client.send(.post, "/api/monitoring/alerts/\(id)/ack", token: admin).status == .ok)
            #expect(try await client.send(.post, "/api/monitoring/alerts/\(id)/resolve", token: admin).string("state") == "resolved")
            BadInputTests.expectContractShape(try await client.send(.post, "/api/monitoring/alerts/nope/ack", token: admin), 404, "alert_not_found")
            let list = try await client.send(.get, "/api/monitoring/alerts", token: admin)
            #expect((list["rules"] as? [[String: Any]])?.count == 4)
        }
    }

    @Test("logs: records shipped by a collector are searchable; bad filters are 400")
    func logs() async throws {
        let collector = LogCollector(configuration: .init(service: "backend", instance: "test"))
        try await TestApp.run(configure: { _ in }, logCollector: collector) { client, fixture in
            let admin = try await client.admin(fixture)
            collector.record(LogRecord(timestamp: Date(), level: .error, service: "trading", instance: "other-instance",
                                       label: "bourse", message: "order journal commit failed", metadata: ["password": "[redacted]"]))
            collector.record(LogRecord(timestamp: Date(), level: .info, service: "backend", instance: "test", label: "bourse", message: "all good"))
            #expect(try await eventually {
                try await client.send(.get, "/api/monitoring/logs?q=journal", token: admin).array.count == 1
            })
            // Form-encoded spaces ('+', as browsers send them) search for the words.
            #expect(try await client.send(.get, "/api/monitoring/logs?q=journal+commit", token: admin).array.count == 1)
            let errors = try await client.send(.get, "/api/monitoring/logs?level=error&service=trading", token: admin)
            #expect(errors.array.first?["instance"] as? String == "other-instance")
            for query in ["level=loud", "service=mars", "limit=100000", "since=yesterday", "since=2026-01-02T00:00:00Z&until=2026-01-01T00:00:00Z"] {
                BadInputTests.expectContractShape(try await client.send(.get, "/api/monitoring/logs?\(query)", token: admin), 400, "invalid_query")
            }
        }
    }
}
