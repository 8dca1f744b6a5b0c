import Foundation
import MarketCore

/// A validated `POST /trading/orders`, before risk checks.
struct OrderRequest: Sendable, Equatable {
    let accountID: Int64
    let userID: UUID
    let clientOrderID: String?
    let symbol: String
    let side: Side
    let type: OrderType
    let timeInForce: TimeInForce
    let quantity: Quantity
    let limitPrice: Price?
    let stopPrice: Price?

    /// What makes two requests "the same order" for `client_order_id` retries.
    var contentHash: String {
        [symbol, side.rawValue, type.rawValue, timeInForce.rawValue, String(quantity.lots),
         limitPrice.map { String($0.ticks) } ?? "-", stopPrice.map { String($0.ticks) } ?? "-"].joined(separator: "|")
    }
}

/// Why the engine refused an order before or at the book; each is a 4xx with a stable code.
struct OrderRejection: Error, Sendable, Equatable {
    let status: Int
    let code: String
    let reason: String

    static func insufficientBuyingPower(needed: Money, available: Money) -> OrderRejection {
        OrderRejection(status: 422, code: "insufficient_buying_power",
                       reason: "this order needs \(needed.decimalString) of buying power; \(available.decimalString) is available")
    }
    static func insufficientPosition(symbol: String, available: String) -> OrderRejection {
        OrderRejection(status: 422, code: "insufficient_position",
                       reason: "short selling \(symbol) is not allowed and only \(available) is available to sell")
    }
    /// A `client_order_id` already taken (a retry racing its first request to the engine).
    static let clientOrderIDInUse = OrderRejection(status: 409, code: "client_order_id_in_use", reason: "this client_order_id is being placed")
    static let noLiquidity = OrderRejection(status: 422, code: "no_liquidity", reason: "there is no opposite liquidity to price this market order")
}
