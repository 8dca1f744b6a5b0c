@testable import BourseServer
import Foundation
import Hummingbird
import HummingbirdTesting
import MarketCore
import Realtime
import Testing

@Suite("Trading")
struct TradingTests {
    /// Waits until the 24/7 book has liquidity on both sides.
    static func waitForBook(_ client: any TestClientProtocol) async throws {
        #expect(try await eventually {
            let book = try await client.send(.get, "/market/BTCUSD/book?depth=1")
            return !((book["bids"] as? [Any])?.isEmpty ?? true) && !((book["asks"] as? [Any])?.isEmpty ?? true)
        })
    }

    @Test("a market buy fills, moves cash exactly through the ledger, opens a position; selling it back realises P&L")
    func roundTrip() async throws {
        try await TestApp.run { client, fixture in
            try await Self.waitForBook(client)
            let trader = try await client.trader("buyer@example.com")
            let updates = try await fixture.bus.subscribe([TopicPattern("trading.\(trader.id)")])
            let buy = try await client.send(.post, "/trading/orders", json: ["symbol": "BTCUSD", "side": "buy", "type": "market", "qty": "0.05"], token: trader.access)
            #expect(buy.status == .created, "\(buy.text)")
            #expect(buy.string("status") == "filled")
            #expect(buy.string("filled_qty") == "0.05")
            let average = try #require(Double(buy.string("filled_avg_price") ?? ""))

            let fills = try await client.send(.get, "/trading/fills", token: trader.access)
            #expect(!fills.array.isEmpty)
            let spent = fills.array.reduce(0.0) { $0 + Double($1["notional"] as! String)! + Double($1["fee"] as! String)! }
            let account = try await client.send(.get, "/api/account", token: trader.access)
            #expect(abs(Double(account.string("cash")!)! - (100_000 - spent)) < 0.000001)
            var sums = try await LedgerTests.sums(fixture, userID: trader.id)
            #expect(sums.account == sums.cash)
            #expect(sums.everything == 0)

            let positions = try await client.send(.get, "/api/portfolio/positions", token: trader.access)
            #expect(positions.array.count == 1)
            let position = try #require(positions.array.first)
            #expect(position["symbol"] as? String == "BTCUSD")
            #expect(position["qty"] as? String == "0.05")
            #expect(abs(Double(position["avg_entry_price"] as! String)! - average) < 0.01)

            let sell = try await client.send(.post, "/trading/orders", json: ["symbol": "BTCUSD", "side": "sell", "type": "market", "qty": "0.05"], token: trader.access)
            #expect(sell.status == .created)
            #expect(sell.string("status") == "filled")
            #expect(try await client.send(.get, "/api/portfolio/positions", token: trader.access).array.isEmpty)
            sums = try await LedgerTests.sums(fixture, userID: trader.id)
            #expect(sums.account == sums.cash)
            #expect(sums.everything == 0)
            let activities = try await client.send(.get, "/api/account/activities", token: trader.access)
            #expect(Set(activities.array.compactMap { $0["activity_type"] as? String }).isSuperset(of: ["fill", "initial_deposit"]))

            // The trader's channel carried Alpaca-style trade updates.
            var events: [String] = []
            for await message in updates.messages {
                let json = try JSONSerialization.jsonObject(with: Data(message.payload)) as? [String: Any]
                #expect(json?["type"] as? String == "trade_update")
                events.append(((json?["data"] as? [String: Any])?["event"] as? String) ?? "")
                if events.filter({ $0 == "fill" }).count == 2 { break }
            }
            #expect(events.first == "new")
            #expect(events.contains("fill"))
        }
    }

    @Test("a resting limit order reserves cash, is listed as open, and cancel releases it")
    func restingLimitAndCancel() async throws {
        try await TestApp.run { client, fixture in
            try await Self.waitForBook(client)
            let trader = try await client.trader("limit@example.com")
            let placed = try await client.send(.post, "/trading/orders", json: [
                "symbol": "BTCUSD", "side": "buy", "type": "limit", "qty": "0.1", "limit_price": "1000.00", "time_in_force": "gtc",
            ], token: trader.access)
            #expect(placed.status == .created)
            #expect(placed.string("status") == "new")
            let id = try #require(placed.string("id"))
            let account = try await client.send(.get, "/api/account", token: trader.access)
            // 0.1 × 1000.00 plus the larger fee (5 bps on BTCUSD).
            #expect(account.string("reserved_cash") == "100.05")
            #expect(account.string("buying_power") == "99899.95")
            let open = try await client.send(.get, "/trading/orders?status=open", token: trader.access)
            #expect(open.array.map { $0["id"] as? String } == [id])
            let book = try await client.send(.get, "/market/BTCUSD/book?depth=100")
            #expect((book["bids"] as? [[String: Any]])?.contains { $0["price"] as? String == "1000.00" } == true)

            let canceled = try await client.send(.delete, "/trading/orders/\(id)", token: trader.access)
            #expect(canceled.status == .ok)
            #expect(canceled.string("status") == "canceled")
            #expect(try await client.send(.get, "/api/account", token: trader.access).string("buying_power") == "100000.00")
            BadInputTests.expectContractShape(try await client.send(.delete, "/trading/orders/\(id)", token: trader.access), 422, "order_not_cancelable")
            #expect(try await client.send(.get, "/trading/orders?status=closed", token: trader.access).array.count == 1)

            // Cancel-all.
            for price in ["1000.00", "1001.00"] {
                _ = try await client.send(.post, "/trading/orders", json: ["symbol": "BTCUSD", "side": "buy", "type": "limit", "qty": "0.01", "limit_price": price], token: trader.access)
            }
            let all = try await client.send(.delete, "/trading/orders", token: trader.access)
            #expect(all.array.count == 2)
            #expect(try await client.send(.get, "/trading/orders", token: trader.access).array.isEmpty)
            let sums = try await LedgerTests.sums(fixture, userID: trader.id)
            #expect(sums.cash == Money(units: 100_000))
        }
    }

    @Test("client_order_id: a retry returns the first order; other contents are a 409")
    func idempotency() async throws {
        try await TestApp.run { client, _ in
            let trader = try await client.trader("retry@example.com")
            let body: [String: Any] = ["symbol": "BTCUSD", "side": "buy", "type": "limit", "qty": "0.01", "limit_price": "1000.00", "client_order_id": "bot-1"]
            let first = try await client.send(.post, "/trading/orders", json: body, token: trader.access)
            #expect(first.status == .created)
            let again = try await client.send(.post, "/trading/orders", json: body, token: trader.access)
            #expect(again.status == .created)
            #expect(again.string("id") == first.string("id"))
            #expect(again.headers[.init("Idempotent-Replayed")!] == "true")
            var changed = body
            changed["qty"] = "0.02"
            BadInputTests.expectContractShape(try await client.send(.post, "/trading/orders", json: changed, token: trader.access), 409, "client_order_id_conflict")
            #expect(try await client.send(.get, "/trading/orders?status=all", token: trader.access).array.count == 1)
        }
    }

    @Test("bad orders get a 4xx naming the problem, and change nothing")
    func badInput() async throws {
        try await TestApp.run { client, fixture in
            try await Self.waitForBook(client)
            let trader = try await client.trader("bad@example.com")
            let other = try await client.trader("other@example.com")
            func order(_ fields: [String: Any]) -> [String: Any] {
                ["symbol": "BTCUSD", "side": "buy", "type": "limit", "qty": "0.01", "limit_price": "1000.00"].merging(fields) { $1 }
            }
            let cases: [([String: Any], Int, String)] = [
                (order(["symbol": "NOPE"]), 400, "unknown_symbol"),
                (order(["qty": "0.00001"]), 400, "too_many_decimals"),
                (order(["symbol": "EURUSD", "qty": "1500", "limit_price": "1.08000"]), 400, "qty_not_lot_multiple"),
                (order(["symbol": "UMBR", "qty": "1", "limit_price": "212.33"]), 400, "price_off_tick"),
                (order(["limit_price": "1000.001"]), 400, "too_many_decimals"),
                (order(["qty": "0"]), 400, "must_be_positive"),
                (order(["qty": "-1"]), 400, "negative_value"),
                (order(["qty": "99999999999999"]), 400, "value_too_large"),
                (order(["qty": 1]), 400, "wrong_type"),
                (order(["limit_price": 1000.5]), 400, "wrong_type"),
                (order(["qty": "abc"]), 400, "invalid_decimal"),
                (order(["side": "hold"]), 400, "invalid_side"),
                (order(["type": "iceberg"]), 400, "invalid_type"),
                (order(["time_in_force": "forever"]), 400, "invalid_time_in_force"),
                (["symbol": "BTCUSD", "side": "buy", "type": "limit", "qty": "0.01"], 400, "limit_price_required"),
                (order(["type": "market"]), 400, "limit_price_not_allowed"),
                (["symbol": "BTCUSD", "side": "buy", "type": "stop", "qty": "0.01"], 400, "stop_price_required"),
                (["symbol": "BTCUSD", "side": "buy", "type": "stop_limit", "qty": "0.01", "limit_price": "1000.00"], 400, "stop_price_required"),
                (order(["client_order_id": String(repeating: "x", count: 65)]), 400, "field_too_long"),
                (order(["owner": "1"]), 400, "unknown_field"),
                (["symbol": "BTCUSD", "side": "buy", "type": "market", "qty": "100"], 422, "insufficient_buying_power"),
                (order(["qty": "100", "limit_price": "64000.00"]), 422, "insufficient_buying_power"),
                (["symbol": "BTCUSD", "side": "sell", "type": "market", "qty": "0.01"], 422, "insufficient_position"),
            ]
            for (body, status, code) in cases {
                BadInputTests.expectContractShape(try await client.send(.post, "/trading/orders", json: body, token: trader.access), status, code)
            }
            BadInputTests.expectContractShape(try await client.send(.post, "/trading/orders", raw: "{", token: trader.access), 400, "invalid_json")
            BadInputTests.expectContractShape(try await client.send(.post, "/trading/orders", json: order([:])), 401, "unauthorized")

            // Someone else's order is 404 to read and to cancel, and shows none of its data.
            let theirs = try await client.send(.post, "/trading/orders", json: order([:]), token: other.access)
            let theirID = try #require(theirs.string("id"))
            BadInputTests.expectContractShape(try await client.send(.get, "/trading/orders/\(theirID)", token: trader.access), 404, "order_not_found")
            BadInputTests.expectContractShape(try await client.send(.delete, "/trading/orders/\(theirID)", token: trader.access), 404, "order_not_found")
            BadInputTests.expectContractShape(try await client.send(.get, "/trading/orders/nonsense", token: trader.access), 404, "order_not_found")
            #expect(try await client.send(.get, "/trading/orders/\(theirID)", token: other.access).string("status") == "new")
            BadInputTests.expectContractShape(try await client.send(.get, "/trading/orders?status=pending", token: trader.access), 400, "invalid_query")

            // Nothing was written for the trader.
            #expect(try await client.send(.get, "/trading/orders?status=all", token: trader.access).array.isEmpty)
            let sums = try await LedgerTests.sums(fixture, userID: trader.id)
            #expect(sums.cash == Money(units: 100_000))
            #expect(try await client.send(.get, "/api/account", token: trader.access).string("buying_power") == "100000.00")
        }
    }

    @Test("open orders survive a restart: the book is rebuilt from the database")
    func restartRebuildsBooks() async throws {
        let database = try await TestDatabase.make()
        let (token, orderID): (String, String) = try await TestApp.run(database: database) { client, _ in
            let trader = try await client.trader("restart@example.com")
            let placed = try await client.send(.post, "/trading/orders", json: [
                "symbol": "BTCUSD", "side": "buy", "type": "limit", "qty": "0.25", "limit_price": "1234.56", "time_in_force": "gtc",
                "client_order_id": "before-restart",
            ], token: trader.access)
            return (trader.access, try #require(placed.string("id")))
        }
        try await TestApp.run(database: database) { client, _ in
            // The client_order_id index is rebuilt from the database: a retry after the restart
            // is answered with the first order, other contents are a 409.
            let retry = try await client.send(.post, "/trading/orders", json: [
                "symbol": "BTCUSD", "side": "buy", "type": "limit", "qty": "0.25", "limit_price": "1234.56", "time_in_force": "gtc",
                "client_order_id": "before-restart",
            ], token: token)
            #expect(retry.status == .created)
            #expect(retry.string("id") == orderID)
            #expect(retry.headers[.init("Idempotent-Replayed")!] == "true")
            let changed = try await client.send(.post, "/trading/orders", json: [
                "symbol": "BTCUSD", "side": "buy", "type": "limit", "qty": "0.5", "limit_price": "1234.56", "time_in_force": "gtc",
                "client_order_id": "before-restart",
            ], token: token)
            #expect(changed.code == "client_order_id_conflict")
            let book = try await client.send(.get, "/market/BTCUSD/book?depth=100")
            let level = (book["bids"] as? [[String: Any]])?.first { $0["price"] as? String == "1234.56" }
            #expect(level?["qty"] as? String == "0.25")
            let order = try await client.send(.get, "/trading/orders/\(orderID)", token: token)
            #expect(order.string("status") == "new")
            #expect(try await client.send(.get, "/api/account", token: token).string("reserved_cash") != "0.00")
            let canceled = try await client.send(.delete, "/trading/orders/\(orderID)", token: token)
            #expect(canceled.string("status") == "canceled")
            #expect(try await client.send(.get, "/api/account", token: token).string("buying_power") == "100000.00")
        }
        await database.destroy()
    }

    @Test("deposits and resets go through the engine: cash, positions and ledger stay consistent")
    func depositAndResetWithPositions() async throws {
        try await TestApp.run { client, fixture in
            try await Self.waitForBook(client)
            let admin = try await client.admin(fixture)
            let trader = try await client.trader("reset@example.com")
            #expect(try await client.send(.post, "/trading/orders", json: ["symbol": "BTCUSD", "side": "buy", "type": "market", "qty": "0.01"], token: trader.access).status == .created)
            _ = try await client.send(.post, "/trading/orders", json: ["symbol": "BTCUSD", "side": "buy", "type": "limit", "qty": "0.01", "limit_price": "1000.00"], token: trader.access)
            let deposit = try await client.send(.post, "/api/admin/accounts/\(trader.id)/deposit", json: ["amount": "500.00"], token: admin)
            #expect(deposit.status == .ok)
            var sums = try await LedgerTests.sums(fixture, userID: trader.id)
            #expect(sums.account == sums.cash)
            let reset = try await client.send(.post, "/api/account/reset", token: trader.access)
            #expect(reset.string("cash") == "100000.00")
            #expect(reset.string("buying_power") == "100000.00")
            #expect(try await client.send(.get, "/api/portfolio/positions", token: trader.access).array.isEmpty)
            #expect(try await client.send(.get, "/trading/orders", token: trader.access).array.isEmpty)
            sums = try await LedgerTests.sums(fixture, userID: trader.id)
            #expect(sums.account == sums.cash)
            #expect(sums.everything == 0)
            let history = try await client.send(.get, "/api/portfolio/history?period=1D", token: trader.access)
            #expect((history["points"] as? [[String: Any]])?.last?["equity"] as? String == "100000.00")
            BadInputTests.expectContractShape(try await client.send(.get, "/api/portfolio/history?period=2Y", token: trader.access), 400, "invalid_query")
        }
    }
}
