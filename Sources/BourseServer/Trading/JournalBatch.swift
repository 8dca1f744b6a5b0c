import Foundation
import MarketCore

/// The durable effect of one engine command (an order, a cancel, a simulator step, a deposit):
/// rows to write in one transaction, and the events to announce once they are written.
struct JournalBatch: Sendable {
    /// Orders in their state after the command (inserted or updated by id).
    var orders: [UInt64: OrderRecord] = [:]
    var fills: [FillRecord] = []
    /// Accounts whose cash or reservations changed, with their new absolute values.
    var accounts: [Int64: AccountState] = [:]
    /// Positions touched, by account and symbol, with their new absolute values.
    var positions: [PositionKey: PositionState] = [:]
    var postings: [Posting] = []
    var audits: [PendingAudit] = []
    /// `trade_updates` for `trading.<user_id>`, in order.
    var updates: [TradeUpdate] = []

    var isEmpty: Bool { orders.isEmpty && fills.isEmpty && accounts.isEmpty && postings.isEmpty && audits.isEmpty }

    mutating func merge(_ other: JournalBatch) {
        orders.merge(other.orders) { $1 }
        fills += other.fills
        accounts.merge(other.accounts) { $1 }
        positions.merge(other.positions) { $1 }
        postings += other.postings
        audits += other.audits
        updates += other.updates
    }
}

/// Which position.
struct PositionKey: Hashable, Sendable {
    let accountID: Int64
    let symbol: String
}

/// One execution of a user order.
struct FillRecord: Sendable, Equatable {
    let orderID: UInt64
    let accountID: Int64
    let userID: UUID
    let symbol: String
    let side: Side
    let quantity: Quantity
    let price: Price
    let notional: Money
    let fee: Money
    /// `maker` (the order rested) or `taker`.
    let liquidity: String
    let at: Date
}

/// A ledger posting of a user's cash against a platform account.
struct Posting: Sendable, Equatable {
    let accountID: Int64
    let amount: Money
    let platform: Ledger.PlatformAccount
    let kind: Ledger.Kind
    let description: String
    let reference: String?
    /// The user's cash after this posting.
    let balanceAfter: Money
    let at: Date
}

/// An audit record written in the same transaction as the change it describes.
struct PendingAudit: Sendable {
    let actor: AuditLog.Actor
    let area: String
    let action: String
    let target: String
    let beforeJSON: String?
    let afterJSON: String?
    let at: Date
}

/// An Alpaca `trade_updates` event for one user.
struct TradeUpdate: Sendable {
    /// new, partial_fill, fill, canceled, expired, rejected.
    let event: String
    let userID: UUID
    let order: OrderRecord
    let fill: FillRecord?
}
