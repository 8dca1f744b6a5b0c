import Foundation
import MarketCore

/// Turns a `POST /trading/orders` body into an `OrderRequest`, or a 400 naming the field.
enum OrderRequestParser {
    static func parse(_ body: JSONBody, accountID: Int64, userID: UUID, catalogue: InstrumentCatalogue) throws -> OrderRequest {
        let symbol = try body.string("symbol", maxLength: 32).uppercased()
        guard let instrument = catalogue[symbol] else {
            throw APIError.badRequest("unknown_symbol", "no instrument '\(symbol)'; GET /market/instruments lists them")
        }
        let side = try enumField("side", Side.self, body: body)
        let type = try enumField("type", OrderType.self, body: body)
        let timeInForce = try body.optionalString("time_in_force", maxLength: 8).map { text -> TimeInForce in
            guard let value = TimeInForce(rawValue: text) else { throw APIError.badRequest("invalid_time_in_force", "'time_in_force' must be day, gtc, ioc or fok") }
            return value
        } ?? .day
        let quantity = try parse("qty", instrument.parseQuantity, body: body)
        let limit = try body.fields["limit_price"].map { _ in try parse("limit_price", instrument.parsePrice, body: body) }
        let stop = try body.fields["stop_price"].map { _ in try parse("stop_price", instrument.parsePrice, body: body) }
        switch type {
        case .market:
            if limit != nil { throw APIError.badRequest("limit_price_not_allowed", "a market order takes no limit_price") }
            if stop != nil { throw APIError.badRequest("stop_price_not_allowed", "a market order takes no stop_price") }
        case .limit:
            if limit == nil { throw APIError.badRequest("limit_price_required", "a limit order needs a limit_price") }
            if stop != nil { throw APIError.badRequest("stop_price_not_allowed", "a limit order takes no stop_price") }
        case .stop:
            if stop == nil { throw APIError.badRequest("stop_price_required", "a stop order needs a stop_price") }
            if limit != nil { throw APIError.badRequest("limit_price_not_allowed", "a stop order takes no limit_price (use stop_limit)") }
        case .stopLimit:
            if stop == nil { throw APIError.badRequest("stop_price_required", "a stop_limit order needs a stop_price") }
            if limit == nil { throw APIError.badRequest("limit_price_required", "a stop_limit order needs a limit_price") }
        }
        let clientOrderID = try body.optionalString("client_order_id", maxLength: 64)
        if let clientOrderID, clientOrderID.isEmpty || !clientOrderID.unicodeScalars.allSatisfy({ $0.value > 0x20 && $0.value < 0x7F }) {
            throw APIError.badRequest("invalid_client_order_id", "'client_order_id' must be 1 to 64 printable ASCII characters without spaces")
        }
        return OrderRequest(accountID: accountID, userID: userID, clientOrderID: clientOrderID, symbol: symbol, side: side, type: type,
                            timeInForce: timeInForce, quantity: quantity, limitPrice: limit, stopPrice: stop)
    }

    private static func enumField<T: RawRepresentable & CaseIterable>(_ key: String, _ type: T.Type, body: JSONBody) throws -> T where T.RawValue == String {
        let text = try body.string(key, maxLength: 16)
        guard let value = T(rawValue: text) else {
            throw APIError.badRequest("invalid_\(key)", "'\(key)' must be one of: \(T.allCases.map(\.rawValue).joined(separator: ", "))")
        }
        return value
    }

    /// A decimal string on the instrument's grid; numbers are refused (a float cannot carry an exact price).
    private static func parse<T>(_ key: String, _ parser: (String) -> Result<T, InstrumentValueError>, body: JSONBody) throws -> T {
        switch body.fields[key] {
        case .string(let text)?:
            guard text.count <= 40 else { throw APIError.badRequest("field_too_long", "field '\(key)' is too long") }
            switch parser(text) {
            case .success(let value): return value
            case .failure(let error): throw APIError.badRequest(error.code, "field '\(key)': \(error.reason)")
            }
        case .none, .null?:
            throw APIError.badRequest("missing_field", "field '\(key)' is required")
        case let other?:
            throw APIError.badRequest("wrong_type", "field '\(key)' must be a decimal string such as \"10.5\", not \(other.typeName)")
        }
    }
}
