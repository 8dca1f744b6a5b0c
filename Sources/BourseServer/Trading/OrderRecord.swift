import Foundation
import MarketCore

/// Everything known about one user order: the request, its progress and its money.
struct OrderRecord: Sendable, Equatable {
    let id: UInt64
    let accountID: Int64
    let userID: UUID
    let clientOrderID: String?
    /// A digest of the request's contents, to tell a retry from a different order with the same
    /// `client_order_id`.
    let requestHash: String
    let symbol: String
    let side: Side
    let type: OrderType
    let timeInForce: TimeInForce
    let quantity: Quantity
    var limitPrice: Price?
    let stopPrice: Price?
    var status: OrderStatus
    var triggered: Bool
    var filled: Quantity
    var filledNotional: Money
    var fees: Money
    /// Cash held back for what the order may still buy (buy orders, and short sells).
    var reserved: Money
    /// The per-lot price the reservation is computed at: the limit, a collar above a stop, or
    /// the worst price a market order can reach in the book. Not stored: derived again on load.
    var reservePrice: Price?
    /// Why it was rejected or canceled, as a stable code.
    var reason: String?
    let createdAt: Date
    var updatedAt: Date
    var closedAt: Date?

    var remaining: Quantity { quantity - filled }
}
