import Foundation
import Hummingbird
import MarketCore

/// `/market/*` reads: instruments, status, quotes, candles, book, trades. Open to anyone.
struct MarketController {
    let engine: MarketEngine
    let store: MarketStore
    let speed: Double
    let stepInterval: Duration

    func register(in catalog: RouteCatalog) {
        catalog.add(RouteDoc(method: .get, path: "/market/instruments", summary: "The instruments: symbol, name, tick and lot size, fees, session, status",
                             tag: "market", access: .anonymous)) { _, _, _ in
            let catalogue = engine.catalogue
            let quotes = await engine.quotes()
            let bySymbol = Dictionary(uniqueKeysWithValues: quotes.map { ($0.symbol, $0) })
            return try JSONResponse.make(catalogue.instruments.map { InstrumentDTO($0, quote: bySymbol[$0.symbol]) })
        }

        catalog.add(RouteDoc(method: .get, path: "/market/status", summary: "Open, closed or halted per instrument, and the simulation clock",
                             tag: "market", access: .anonymous)) { _, _, _ in
            let quotes = await engine.quotes()
            let now = await engine.nowMillis
            return try JSONResponse.make(MarketStatusDTO(
                clock: MarketJSON.time(now), speed: MarketJSON.number(speed), stepMs: Int(stepInterval.milliseconds),
                instruments: quotes.map { .init(symbol: $0.symbol, status: QuoteDTO.status($0), halted: $0.halted, sessionOpen: $0.open) }))
        }

        catalog.add(RouteDoc(method: .get, path: "/market/quotes", summary: "Bid, ask, last, day volume and change of every instrument",
                             tag: "market", access: .anonymous)) { _, _, _ in
            let catalogue = engine.catalogue
            let now = await engine.nowMillis
            return try JSONResponse.make(await engine.quotes().compactMap { quote in
                catalogue[quote.symbol].map { QuoteDTO(quote, instrument: $0, nowMillis: now) }
            })
        }

        catalog.add(RouteDoc(method: .get, path: "/market/quotes/{symbol}", summary: "One instrument's quote", tag: "market",
                             access: .anonymous, errorStatuses: [404])) { _, context, _ in
            let instrument = try await instrument(context)
            guard let quote = await engine.quote(symbol: instrument.symbol) else { throw Self.unknownSymbol(instrument.symbol) }
            return try JSONResponse.make(QuoteDTO(quote, instrument: instrument, nowMillis: await engine.nowMillis))
        }

        catalog.add(RouteDoc(
            method: .get, path: "/market/{symbol}/candles", summary: "OHLCV candles, oldest first; the last may still be forming (closed: false)",
            tag: "market", access: .anonymous,
            query: [.init("interval", required: false, "1s, 1m (default), 5m, 1h or 1d"),
                    .init("from", required: false, "RFC 3339 or epoch seconds, inclusive"),
                    .init("to", required: false, "RFC 3339 or epoch seconds, exclusive"),
                    .init("limit", "integer", required: false, "1-5000, default 500")],
            errorStatuses: [404]
        )) { request, context, _ in
            let instrument = try await instrument(context)
            let query = QueryParameters(request: request)
            let interval = try query.optionalEnum("interval", CandleInterval.self) ?? .oneMinute
            let limit = try query.int("limit", default: 500, range: 1...5000)
            let from = try query.optionalTime("from").map { Int64($0.timeIntervalSince1970 * 1000) }
            let to = try query.optionalTime("to").map { Int64($0.timeIntervalSince1970 * 1000) }
            if let from, let to, from >= to { throw APIError.badRequest("invalid_query", "'from' must be before 'to'") }
            let candles = try await candles(symbol: instrument.symbol, interval: interval, from: from, to: to, limit: limit)
            return try JSONResponse.make(candles.map { CandleDTO(symbol: instrument.symbol, $0.candle, instrument: instrument, closed: $0.closed) })
        }

        catalog.add(RouteDoc(method: .get, path: "/market/{symbol}/book", summary: "Aggregated price levels, best first", tag: "market",
                             access: .anonymous, query: [.init("depth", "integer", required: false, "1-100, default 10")],
                             errorStatuses: [404])) { request, context, _ in
            let instrument = try await instrument(context)
            let depth = try QueryParameters(request: request).int("depth", default: 10, range: 1...100)
            let levels = await engine.depth(symbol: instrument.symbol, levels: depth)
            return try JSONResponse.make(BookDTO(symbol: instrument.symbol, bids: levels.bids, asks: levels.asks, instrument: instrument,
                                                 nowMillis: await engine.nowMillis))
        }

        catalog.add(RouteDoc(method: .get, path: "/market/{symbol}/trades", summary: "Recent prints, newest first (no owners: prints are anonymous)",
                             tag: "market", access: .anonymous, query: [.init("limit", "integer", required: false, "1-500, default 50")],
                             errorStatuses: [404])) { request, context, _ in
            let instrument = try await instrument(context)
            let limit = try QueryParameters(request: request).int("limit", default: 50, range: 1...500)
            let trades = await engine.trades(symbol: instrument.symbol, limit: limit)
            return try JSONResponse.make(trades.map { TradeDTO(id: $0.id, $0.trade, instrument: instrument) })
        }
    }

    /// The instrument named by the path's `symbol` (case-insensitive), or 404.
    private func instrument(_ context: BourseRequestContext) async throws -> Instrument {
        let symbol = (context.parameters.get("symbol") ?? "").uppercased()
        guard let instrument = engine.catalogue[symbol] else { throw Self.unknownSymbol(symbol) }
        return instrument
    }

    static func unknownSymbol(_ symbol: String) -> APIError {
        .notFound("unknown_symbol", "no instrument '\(symbol.prefix(32))'; GET /market/instruments lists them")
    }

    /// Stored candles, the recently closed ones still in memory, and the one forming.
    private func candles(symbol: String, interval: CandleInterval, from: Int64?, to: Int64?, limit: Int) async throws -> [(candle: Candle, closed: Bool)] {
        let stored = try await store.candles(symbol: symbol, interval: interval, from: from.map { $0 / 1000 },
                                             to: to.map { ($0 + 999) / 1000 }, limit: limit)
        var byStart: [Int64: (candle: Candle, closed: Bool)] = [:]
        for candle in stored { byStart[candle.startMillis] = (candle, true) }
        for candle in await engine.recentClosedCandles(symbol: symbol, interval: interval) { byStart[candle.startMillis] = (candle, true) }
        if let forming = await engine.currentCandle(symbol: symbol, interval: interval) { byStart[forming.startMillis] = (forming, false) }
        let inRange = byStart.values.filter { entry in
            (from.map { entry.candle.startMillis >= $0 } ?? true) && (to.map { entry.candle.startMillis < $0 } ?? true)
        }
        return Array(inRange.sorted { $0.candle.startMillis < $1.candle.startMillis }.suffix(limit))
    }
}

/// `GET /market/status`.
struct MarketStatusDTO: Encodable {
    struct Instrument: Encodable {
        let symbol: String
        let status: String
        let halted: Bool
        let sessionOpen: Bool
        enum CodingKeys: String, CodingKey { case symbol, status, halted, sessionOpen = "session_open" }
    }
    let clock: String
    let speed: String
    let stepMs: Int
    let instruments: [Instrument]
    enum CodingKeys: String, CodingKey { case clock, speed, stepMs = "step_ms", instruments }
}
