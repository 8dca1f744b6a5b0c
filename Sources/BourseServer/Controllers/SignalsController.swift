import Foundation
import Hummingbird
import MarketCore
import SQLKit

/// `GET /trading/signals`: the signals `market_analysis` found, newest first.
struct SignalsController {
    let storage: Storage
    let catalogue: InstrumentCatalogue

    func register(in catalog: RouteCatalog) {
        catalog.add(RouteDoc(method: .get, path: "/trading/signals", summary: "Indicator signals: symbol, action, strength, reason, indicators",
                             tag: "trading", access: .user,
                             query: [.init("symbol", required: false), .init("limit", "integer", required: false, "1-500, default 50")])) { request, context, _ in
            _ = try context.requireUser()
            let query = QueryParameters(request: request)
            let limit = try query.int("limit", default: 50, range: 1...500)
            var select = storage.sql().select().column("*").from("signals")
            if let symbol = try query.optionalString("symbol", maxLength: 32)?.uppercased() {
                guard catalogue[symbol] != nil else { throw APIError.badRequest("unknown_symbol", "no instrument '\(symbol)'") }
                select = select.where("symbol", .equal, SQLBind(symbol))
            }
            let rows = try await select.orderBy("id", .descending).limit(limit).all()
            return try JSONResponse.make(try rows.map { row in
                let indicators = (try? JSONDecoder().decode([String: Double].self,
                    from: Data(try row.decode(column: "indicators_json", as: String.self).utf8))) ?? [:]
                return SignalDTO(symbol: try row.decode(column: "symbol", as: String.self), interval: try row.decode(column: "interval", as: String.self),
                                 action: try row.decode(column: "action", as: String.self), strength: try row.decode(column: "strength", as: Double.self),
                                 reason: try row.decode(column: "reason", as: String.self), indicators: indicators,
                                 candleStartMillis: try row.decode(column: "candle_start", as: Int64.self))
            })
        }
    }
}
