import Foundation
import Hummingbird
import HummingbirdTesting
@testable import BourseServer
import Monitoring
import Testing

/// Two instances on one database (the services shape): rules, alerts and health are the same
/// whichever instance an admin asks.
@Suite("Monitoring shared by instances")
struct SharedMonitoringTests {
    static func alerts(_ client: any TestClientProtocol, _ admin: String, rule: String) async throws -> [[String: Any]] {
        let list = try await client.send(.get, "/api/monitoring/alerts", token: admin)
        return (list["alerts"] as? [[String: Any]] ?? []).filter { $0["name"] as? String == rule }
    }

    static func run(_ job: String, on client: any TestClientProtocol, _ admin: String) async throws {
        #expect(try await eventually { try await client.send(.post, "/api/scheduler/jobs/\(job)/run", token: admin).status.code < 300 })
    }

    @Test("a rule made on one instance fires on the other; an acknowledgement or a resolution made anywhere holds; health lists both instances")
    func rulesAlertsAndHealthAcrossInstances() async throws {
        try await TestApp.run(.live, configure: { $0.instanceOverride = "alpha" }) { alpha, fixture in
            let alphaPort = try #require(alpha.port)
            try await TestApp.run(.live, database: fixture.database, configure: {
                $0.role = .backend
                $0.instanceOverride = "beta"
                $0.tradingURLs = ["http://127.0.0.1:\(alphaPort)"]
            }) { beta, betaFixture in
                let admin = try await alpha.admin(fixture)
                // Always true (the admin's sockets are zero or more): fires at the first check.
                let rule = try await alpha.send(.post, "/api/monitoring/alerts", json: [
                    "name": "shared rule", "metric": "ws_connections", "op": ">=", "threshold": "0", "severity": "info",
                ], token: admin)
                #expect(rule.status == .created, "\(rule.text)")
                let listed = try await beta.send(.get, "/api/monitoring/alerts", token: admin)
                #expect((listed["rules"] as? [[String: Any]] ?? []).contains { $0["name"] as? String == "shared rule" })

                try await Self.run("alert_check", on: beta, admin)
                // Seen through alpha: beta's alert, firing, once however often beta checks.
                #expect(try await eventually {
                    try await Self.alerts(alpha, admin, rule: "shared rule").contains { $0["instance"] as? String == "beta" && $0["state"] as? String == "firing" }
                })
                try await Self.run("alert_check", on: beta, admin)
                let betaAlerts = try await Self.alerts(alpha, admin, rule: "shared rule").filter { $0["instance"] as? String == "beta" }
                #expect(betaAlerts.count == 1)
                let id = try #require(betaAlerts.first?["id"] as? String)

                let ack = try await alpha.send(.post, "/api/monitoring/alerts/\(id)/ack", token: admin)
                #expect(ack.status == .ok, "\(ack.text)")
                try await Self.run("alert_check", on: beta, admin)
                let acknowledged = try await Self.alerts(beta, admin, rule: "shared rule").first { $0["id"] as? String == id }
                #expect(acknowledged?["acknowledged_by"] as? String != nil)

                // Resolved through alpha while the condition still holds: beta keeps the rule quiet.
                let resolve = try await alpha.send(.post, "/api/monitoring/alerts/\(id)/resolve", token: admin)
                #expect(resolve.status == .ok, "\(resolve.text)")
                try await Self.run("alert_check", on: beta, admin)
                try await Self.run("alert_check", on: beta, admin)
                let afterResolve = try await Self.alerts(alpha, admin, rule: "shared rule").filter { $0["instance"] as? String == "beta" }
                #expect(afterResolve.allSatisfy { $0["state"] as? String == "resolved" }, "\(afterResolve)")
                let again = try await alpha.send(.post, "/api/monitoring/alerts/\(id)/resolve", token: admin)
                #expect(again.status == .conflict)

                // Health: both instances report; each summary lists both.
                try await Self.run("system_health_check", on: alpha, admin)
                try await Self.run("system_health_check", on: beta, admin)
                for client in [alpha, beta] {
                    #expect(try await eventually {
                        let summary = try await client.send(.get, "/api/monitoring/health/summary", token: admin)
                        let backends = (summary["services"] as? [[String: Any]] ?? []).filter { $0["service"] as? String == "backend" }
                        return Set(backends.compactMap { $0["instance"] as? String }) == ["alpha", "beta"]
                    })
                }
                // Every service process: alpha's own, beta's from its report, and the trading
                // process beta asked for over HTTP (`/trading/internal/process`).
                let metrics = try await alpha.send(.get, "/api/monitoring/metrics", token: admin)
                let processes = Set((metrics["processes"] as? [[String: Any]] ?? []).compactMap { p in
                    (p["service"] as? String).flatMap { service in (p["instance"] as? String).map { service + "@" + $0 } }
                })
                #expect(processes.isSuperset(of: ["backend@beta", "trading@alpha"]), "\(processes)")
                // Beta goes silent (its clock is the one that stays; alpha's moves past the limit).
                _ = betaFixture
                fixture.clock.advance(by: MonitoringBoard.staleAfter + 10)
                let summary = try await alpha.send(.get, "/api/monitoring/health/summary", token: admin)
                let silent = (summary["services"] as? [[String: Any]] ?? []).first { $0["instance"] as? String == "beta" }
                #expect(silent?["status"] as? String == "down", "\(summary.text)")
                #expect(summary.string("status") == "down")
            }
        }
    }

    @Test("an instance that restarts takes its open alerts back instead of raising them again")
    func restartKeepsOpenAlerts() async throws {
        let database = try await TestDatabase.make()
        do {
            // The first start announces the admin's password; later starts on the database do not.
            let password = try await TestApp.run(.live, database: database, configure: { $0.instanceOverride = "gamma" }) { client, fixture in
                let password = try #require(fixture.announcements.adminPassword)
                let admin = try await client.admin(fixture)
                let rule = try await client.send(.post, "/api/monitoring/alerts", json: [
                    "name": "sticky rule", "metric": "ws_connections", "op": ">=", "threshold": "0",
                ], token: admin)
                #expect(rule.status == .created, "\(rule.text)")
                try await Self.run("alert_check", on: client, admin)
                #expect(try await eventually { try await Self.alerts(client, admin, rule: "sticky rule").contains { $0["state"] as? String == "firing" } })
                return password
            }
            try await TestApp.run(.live, database: database, configure: { $0.instanceOverride = "gamma" }) { client, _ in
                let admin = try await client.login("admin@bourse.local", password: password).access
                try await Self.run("alert_check", on: client, admin)
                try await Self.run("alert_check", on: client, admin)
                let alerts = try await Self.alerts(client, admin, rule: "sticky rule")
                #expect(alerts.count == 1 && alerts.first?["state"] as? String == "firing", "\(alerts)")
            }
            await database.destroy()
        } catch {
            await database.destroy()
            throw error
        }
    }
}
