import Foundation
import Hummingbird
import HummingbirdTesting
@testable import BourseServer
import Testing

/// The services shape in one test process: a `--role trading` app and a `--role backend` app on
/// one database, talking over real loopback HTTP.
@Suite("Services shape: backend and trading roles")
struct ServicesShapeTests {
    nonisolated(unsafe) static let bigBuy: [String: Any] = ["symbol": "BTCUSD", "side": "buy", "type": "limit", "qty": "150", "limit_price": "1000.00", "time_in_force": "gtc"]

    @Test("cash moves through the trading role's engine; the backend's scheduler runs the market jobs there")
    func backendReachesTrading() async throws {
        try await TestApp.run(.live, configure: { $0.role = .trading }) { trading, tradingFixture in
            let tradingPort = try #require(trading.port)
            // The first URL refuses connections (a dead active instance): the gateway moves on.
            try await TestApp.run(.live, database: tradingFixture.database, configure: {
                $0.role = .backend
                $0.tradingURLs = ["http://127.0.0.1:1", "http://127.0.0.1:\(tradingPort)"]
            }) { backend, backendFixture in
                let admin = try await backend.admin(backendFixture)
                let trader = try await backend.trader("services@example.com")
                // 150 BTC at 1,000.00 needs 150,000.00: more than the starting 100,000.00.
                let refused = try await trading.send(.post, "/trading/orders", json: Self.bigBuy, token: trader.access)
                #expect(refused.status == .unprocessableContent)
                #expect(refused.code == "insufficient_buying_power")

                let deposit = try await backend.send(.post, "/api/admin/accounts/\(trader.id)/deposit", json: ["amount": "100000.00"], token: admin)
                #expect(deposit.status == .ok, "\(deposit.text)")
                #expect(deposit.string("cash") == "200000.00")
                let placed = try await trading.send(.post, "/trading/orders", json: Self.bigBuy, token: trader.access)
                #expect(placed.status == .created, "\(placed.text)")

                let reset = try await backend.send(.post, "/api/account/reset", token: trader.access)
                #expect(reset.status == .ok, "\(reset.text)")
                #expect(reset.string("cash") == "100000.00")
                let again = try await trading.send(.post, "/trading/orders", json: Self.bigBuy, token: trader.access)
                #expect(again.code == "insufficient_buying_power")

                // All eight jobs are the backend's; the market ones run on the trading role.
                let jobs = try await backend.send(.get, "/api/scheduler/jobs", token: admin)
                #expect(Set(jobs.array.compactMap { $0["id"] as? String }).isSuperset(of: ["market_data_refresh", "market_analysis", "daily_report", "alert_check"]))
                // (409 while a scheduled run of it is still going: ask again.)
                #expect(try await eventually {
                    try await backend.send(.post, "/api/scheduler/jobs/market_analysis/run", token: admin).status.code < 300
                })
                #expect(try await eventually {
                    let job = try await backend.send(.get, "/api/scheduler/jobs/market_analysis", token: admin)
                    let runs = job["history"] as? [[String: Any]] ?? []
                    return runs.contains { ($0["outcome"] as? String) == "success" && ($0["trigger"] as? String) == "admin" }
                })
                // The trading role has no scheduler and no backend routes.
                #expect(try await trading.send(.get, "/api/scheduler/jobs", token: admin).status == .notFound)
                // Internal routes take a service token, never a user's.
                let forged = try await trading.send(.post, "/trading/internal/accounts/1/deposit",
                                                    json: ["amount": "1.00", "description": "x", "target": "x", "at": "2026-01-01T00:00:00Z"], token: admin)
                #expect(forged.status == .forbidden)
                #expect(forged.code == "service_only")
            }
        }
    }

    @Test("with no trading instance answering, cash moves fail fast with 503 and nothing is written")
    func tradingUnavailable() async throws {
        try await TestApp.run(.live, configure: { $0.role = .backend; $0.tradingURLs = ["http://127.0.0.1:1"] }) { backend, fixture in
            let admin = try await backend.admin(fixture)
            let trader = try await backend.trader("alone@example.com")
            for _ in 0..<4 {
                let deposit = try await backend.send(.post, "/api/admin/accounts/\(trader.id)/deposit", json: ["amount": "10.00"], token: admin)
                BadInputTests.expectContractShape(deposit, 503, "trading_unavailable")
            }
            let account = try await backend.send(.get, "/api/account", token: trader.access)
            #expect(account.string("cash") == "100000.00")
        }
    }

    @Test("a standby trading instance waits for the lock, then rebuilds the books and serves")
    func standbyTakesOver() async throws {
        guard TestDatabase.postgresURL != nil else { return } // The lock is PostgreSQL's; SQLite runs one process.
        let database = try await TestDatabase.make()
        do {
            try await TestApp.run(.live, database: database, configure: { $0.role = .backend; $0.tradingURLs = ["http://127.0.0.1:1"] }) { backend, _ in
                let trader = try await backend.trader("standby@example.com")
                let standby: Task<(String?, Date), any Error>
                let orderID: String
                let stoppedAt: Date
                do {
                    (standby, orderID) = try await TestApp.run(.live, database: database, configure: { $0.role = .trading }) { active, _ in
                        let placed = try await active.send(.post, "/trading/orders", json: [
                            "symbol": "BTCUSD", "side": "buy", "type": "limit", "qty": "0.5", "limit_price": "1000.00", "time_in_force": "gtc",
                        ], token: trader.access)
                        #expect(placed.status == .created)
                        let id = try #require(placed.string("id"))
                        let task = Task {
                            try await TestApp.run(.live, database: database, configure: { $0.role = .trading }) { taken, _ in
                                let order = try await taken.send(.get, "/trading/orders/\(id)", token: trader.access)
                                return (order.string("status"), Date())
                            }
                        }
                        // The standby is blocked on the lock while this instance lives.
                        try await Task.sleep(for: .seconds(2))
                        return (task, id)
                    }
                    stoppedAt = Date()
                }
                let (status, servedAt) = try await standby.value
                #expect(status == "new" || status == "accepted", "order \(orderID) after takeover: \(status ?? "nil")")
                #expect(servedAt >= stoppedAt)
            }
        } catch {
            await database.destroy()
            throw error
        }
        await database.destroy()
    }
}
