@testable import BourseServer
import Foundation
import Hummingbird
import HummingbirdTesting
import Testing

@Suite("Market data endpoints")
struct MarketReadTests {
    @Test("instruments, status, quotes, book, trades and candles of a live market")
    func liveMarket() async throws {
        try await TestApp.run { client, _ in
            let instruments = try await client.send(.get, "/market/instruments")
            #expect(instruments.status == .ok)
            #expect((8...12).contains(instruments.array.count))
            let btc = try #require(instruments.array.first { $0["symbol"] as? String == "BTCUSD" })
            #expect(btc["tick_size"] as? String == "0.01")
            #expect(btc["session"] as? String == "24/7")
            #expect(Set(instruments.array.compactMap { $0["kind"] as? String }) == ["stock", "index", "fx", "crypto"])

            // The 24/7 instrument trades within a few steps.
            #expect(try await eventually { try await client.send(.get, "/market/BTCUSD/trades").array.count >= 3 })
            let trades = try await client.send(.get, "/market/BTCUSD/trades?limit=2")
            #expect(trades.array.count == 2)
            let trade = try #require(trades.array.first)
            #expect(Set(trade.keys) == ["id", "symbol", "price", "qty", "side", "ts"])
            #expect(["buy", "sell"].contains(trade["side"] as? String))
            #expect((trade["price"] as? String)?.split(separator: ".").last?.count == 2)

            let quote = try await client.send(.get, "/market/quotes/btcusd")
            #expect(quote.status == .ok)
            let bid = try #require(Double(quote.string("bid") ?? ""))
            let ask = try #require(Double(quote.string("ask") ?? ""))
            #expect(bid < ask)
            #expect(quote.string("status") == "open")
            let quotes = try await client.send(.get, "/market/quotes")
            #expect(quotes.array.count == instruments.array.count)

            let book = try await client.send(.get, "/market/BTCUSD/book?depth=3")
            let bids = try #require(book["bids"] as? [[String: Any]])
            let asks = try #require(book["asks"] as? [[String: Any]])
            #expect(!bids.isEmpty && bids.count <= 3 && !asks.isEmpty && asks.count <= 3)
            let bidPrices = bids.compactMap { Double($0["price"] as? String ?? "") }
            #expect(bidPrices == bidPrices.sorted(by: >))
            #expect(bidPrices.first! < Double(asks.first!["price"] as! String)!)

            #expect(try await eventually { try await client.send(.get, "/market/BTCUSD/candles?interval=1s").array.count >= 2 })
            let candles = try await client.send(.get, "/market/BTCUSD/candles?interval=1s&limit=50")
            let starts = candles.array.compactMap { $0["t"] as? String }
            #expect(starts == starts.sorted())
            #expect(candles.array.last?["closed"] as? Bool == false || candles.array.allSatisfy { $0["closed"] as? Bool == true })
            let first = try #require(candles.array.first)
            let low = Double(first["low"] as! String)!, high = Double(first["high"] as! String)!
            #expect(low <= Double(first["open"] as! String)! && Double(first["open"] as! String)! <= high)

            let status = try await client.send(.get, "/market/status")
            #expect(status.string("clock") != nil)
            #expect((status["instruments"] as? [[String: Any]])?.count == instruments.array.count)
        }
    }

    @Test("unknown symbols are 404 and bad queries 400, in the contract's shape")
    func badInput() async throws {
        try await TestApp.run { client, _ in
            for path in ["/market/quotes/NOPE", "/market/NOPE/book", "/market/NOPE/trades", "/market/NOPE/candles"] {
                BadInputTests.expectContractShape(try await client.send(.get, path), 404, "unknown_symbol")
            }
            for query in ["interval=2m", "limit=0", "limit=5001", "from=yesterday", "from=2026-01-02T00:00:00Z&to=2026-01-01T00:00:00Z"] {
                BadInputTests.expectContractShape(try await client.send(.get, "/market/BTCUSD/candles?\(query)"), 400, "invalid_query")
            }
            for query in ["depth=0", "depth=101", "depth=x"] {
                BadInputTests.expectContractShape(try await client.send(.get, "/market/BTCUSD/book?\(query)"), 400, "invalid_query")
            }
            BadInputTests.expectContractShape(try await client.send(.get, "/market/BTCUSD/trades?limit=501"), 400, "invalid_query")
        }
    }

    @Test("closed candles and last prices survive a restart; the market resumes where it was")
    func restart() async throws {
        let database = try await TestDatabase.make()
        let before: (last: Double, candles: Int) = try await TestApp.run(database: database) { client, fixture in
            #expect(try await eventually {
                try await fixture.withStorage { storage in try await CandleModel.query(on: storage.database()).count() } >= 2
            })
            #expect(try await eventually {
                try await fixture.withStorage { storage in
                    try await InstrumentStateModel.find("BTCUSD", on: storage.database())?.lastPriceTicks != nil
                }
            })
            let quote = try await client.send(.get, "/market/quotes/BTCUSD")
            let candles = try await client.send(.get, "/market/BTCUSD/candles?interval=1s&limit=5000")
            return (Double(quote.string("last") ?? "0") ?? 0, candles.array.filter { $0["closed"] as? Bool == true }.count)
        }
        #expect(before.last > 0)
        try await TestApp.run(database: database, configure: { $0.market.seed = 7 }) { client, _ in
            // Chart history from before the restart is served from the database.
            let candles = try await client.send(.get, "/market/BTCUSD/candles?interval=1s&limit=5000")
            #expect(candles.array.count >= min(before.candles, 2))
            // The day's reference price is the restored last price, not the catalogue's 64250.00.
            let quote = try await client.send(.get, "/market/quotes/BTCUSD")
            let open = try #require(Double(quote.string("open") ?? ""))
            #expect(abs(open - before.last) / before.last < 0.01)
        }
        await database.destroy()
    }
}

@Suite("Market engine clock")
struct MarketEngineClockTests {
    @Test("a jump of the clock is skipped, not replayed: one step covers at most maxStepMillis")
    func clockJump() async {
        let start = Date(timeIntervalSince1970: 1_767_625_200)
        let engine = MarketEngine(catalogue: .standard, seed: 1, speed: 1, now: start, maxStepMillis: 5_000)
        _ = await engine.step(to: start.addingTimeInterval(1))
        let before = await engine.nowMillis
        _ = await engine.step(to: start.addingTimeInterval(31 * 86_400))
        #expect(await engine.nowMillis - before == 5_000)
        // Afterwards the market runs at the normal pace again.
        _ = await engine.step(to: start.addingTimeInterval(31 * 86_400 + 2))
        #expect(await engine.nowMillis - before == 7_000)
    }
}
