import FluentKit
import Foundation
import MarketCore
import SQLKit
import Synchronization

/// What the trading engine needs to (re)build its memory from the database.
struct TradingSnapshot: Sendable {
    let nextOrderID: UInt64
    let accounts: [AccountState]
    let openOrders: [OrderRecord]
}

/// Reads of the trading tables: orders, fills and positions (written only by `OrderJournal`).
struct TradingStore: Sendable {
    let storage: Storage
    let catalogue: InstrumentCatalogue
    /// A user's account id never changes: read once, then from memory (it is on every order's path).
    private let accountIDs = AccountIDs()

    private final class AccountIDs: Sendable {
        let map = Mutex<[UUID: Int64]>([:])
    }

    func snapshot() async throws -> TradingSnapshot {
        let sql = storage.sql()
        let maxRow = try await sql.raw("SELECT CAST(COALESCE(MAX(id), 0) AS BIGINT) AS max_id FROM orders").first()
        let maxID = try maxRow?.decode(column: "max_id", as: Int64.self) ?? 0
        let rows = try await sql.raw("SELECT * FROM orders WHERE status IN ('new', 'partially_filled') ORDER BY id").all()
        let open = try rows.map(Self.order)
        var accounts: [AccountState] = []
        for accountID in Set(open.map(\.accountID)).sorted() {
            if var account = try await account(accountID: accountID) {
                for order in open where order.accountID == accountID && order.side == .sell {
                    account.positions[order.symbol, default: PositionState()].reservedSellLots += order.remaining.lots
                }
                accounts.append(account)
            }
        }
        return TradingSnapshot(nextOrderID: UInt64(maxID) + 1, accounts: accounts, openOrders: open)
    }

    /// An account's cash and positions as stored.
    func account(accountID: Int64) async throws -> AccountState? {
        let database = storage.database()
        guard let model = try await AccountModel.find(accountID, on: database) else { return nil }
        let rows = try await storage.sql().raw("SELECT symbol, qty_lots, cost_micros, realized_micros FROM positions WHERE account_id = \(bind: accountID)").all()
        var positions: [String: PositionState] = [:]
        for row in rows {
            positions[try row.decode(column: "symbol", as: String.self)] = PositionState(
                lots: try row.decode(column: "qty_lots", as: Int64.self), cost: Money(micros: try row.decode(column: "cost_micros", as: Int64.self)),
                realized: Money(micros: try row.decode(column: "realized_micros", as: Int64.self)), reservedSellLots: 0)
        }
        return AccountState(accountID: accountID, userID: model.userID, cash: Money(micros: model.cashMicros),
                            reserved: Money(micros: model.reservedMicros), startingCash: Money(micros: model.startingCashMicros),
                            positions: positions)
    }

    func accountID(userID: UUID) async throws -> Int64? {
        if let known = accountIDs.map.withLock({ $0[userID] }) { return known }
        guard let id = try await AccountModel.query(on: storage.database()).filter(\.$userID == userID).first()?.id else { return nil }
        accountIDs.map.withLock { $0[userID] = id }
        return id
    }

    func order(id: Int64, accountID: Int64) async throws -> OrderRecord? {
        try await storage.sql().raw("SELECT * FROM orders WHERE id = \(bind: id) AND account_id = \(bind: accountID)").first().map(Self.order)
    }

    /// Every `client_order_id` of the account's stored orders, for the engine's index.
    func clientOrders(accountID: Int64) async throws -> [(key: TradingState.ClientOrderKey, hash: String, orderID: UInt64)] {
        try await storage.sql().raw("""
            SELECT id, user_id, client_order_id, request_hash FROM orders
            WHERE account_id = \(bind: accountID) AND client_order_id IS NOT NULL
            """).all().map { row in
            (key: TradingState.ClientOrderKey(userID: try row.decode(column: "user_id", as: UUID.self),
                                              clientOrderID: try row.decode(column: "client_order_id", as: String.self)),
             hash: try row.decode(column: "request_hash", as: String.self),
             orderID: UInt64(try row.decode(column: "id", as: Int64.self)))
        }
    }

    func order(clientOrderID: String, userID: UUID) async throws -> OrderRecord? {
        try await storage.sql().raw("SELECT * FROM orders WHERE user_id = \(bind: userID) AND client_order_id = \(bind: clientOrderID)")
            .first().map(Self.order)
    }

    func orders(accountID: Int64, filter: OrderListFilter, symbol: String?, limit: Int) async throws -> [OrderRecord] {
        var query = storage.sql().select().column("*").from("orders").where("account_id", .equal, SQLBind(accountID))
        switch filter {
        case .open: query = query.where("status", .in, ["new", "partially_filled"])
        case .closed: query = query.where("status", .notIn, ["new", "partially_filled"])
        case .all: break
        }
        if let symbol { query = query.where("symbol", .equal, SQLBind(symbol)) }
        return try await query.orderBy("id", .descending).limit(limit).all().map(Self.order)
    }

    func fills(accountID: Int64, symbol: String?, limit: Int) async throws -> [(id: Int64, fill: FillRecord)] {
        var query = storage.sql().select().column("*").from("fills").where("account_id", .equal, SQLBind(accountID))
        if let symbol { query = query.where("symbol", .equal, SQLBind(symbol)) }
        return try await query.orderBy("id", .descending).limit(limit).all().map { row in
            (try row.decode(column: "id", as: Int64.self), FillRecord(
                orderID: UInt64(try row.decode(column: "order_id", as: Int64.self)), accountID: try row.decode(column: "account_id", as: Int64.self),
                userID: try row.decode(column: "user_id", as: UUID.self), symbol: try row.decode(column: "symbol", as: String.self),
                side: Side(rawValue: try row.decode(column: "side", as: String.self)) ?? .buy,
                quantity: Quantity(lots: try row.decode(column: "qty_lots", as: Int64.self)),
                price: Price(ticks: try row.decode(column: "price_ticks", as: Int64.self)),
                notional: Money(micros: try row.decode(column: "notional_micros", as: Int64.self)),
                fee: Money(micros: try row.decode(column: "fee_micros", as: Int64.self)),
                liquidity: try row.decode(column: "liquidity", as: String.self), at: try row.decode(column: "created_at", as: Date.self)))
        }
    }

    static func order(_ row: any SQLRow) throws -> OrderRecord {
        let side = Side(rawValue: try row.decode(column: "side", as: String.self)) ?? .buy
        let type = OrderType(rawValue: try row.decode(column: "type", as: String.self)) ?? .limit
        let limit = try row.decode(column: "limit_ticks", as: Int64?.self).map(Price.init(ticks:))
        let stop = try row.decode(column: "stop_ticks", as: Int64?.self).map(Price.init(ticks:))
        let reserved = Money(micros: try row.decode(column: "reserved_micros", as: Int64.self))
        var reservePrice: Price?
        if side == .buy || reserved > .zero {
            if let limit { reservePrice = limit } else if let stop {
                reservePrice = side == .sell ? stop : Price(ticks: stop.ticks + (stop.ticks * TradingState.stopCollarBps + 9_999) / 10_000)
            }
        }
        return OrderRecord(
            id: UInt64(try row.decode(column: "id", as: Int64.self)), accountID: try row.decode(column: "account_id", as: Int64.self),
            userID: try row.decode(column: "user_id", as: UUID.self), clientOrderID: try row.decode(column: "client_order_id", as: String?.self),
            requestHash: try row.decode(column: "request_hash", as: String.self), symbol: try row.decode(column: "symbol", as: String.self),
            side: side, type: type,
            timeInForce: TimeInForce(rawValue: try row.decode(column: "time_in_force", as: String.self)) ?? .gtc,
            quantity: Quantity(lots: try row.decode(column: "qty_lots", as: Int64.self)), limitPrice: limit, stopPrice: stop,
            status: OrderStatus(rawValue: try row.decode(column: "status", as: String.self)) ?? .rejected,
            triggered: try row.decode(column: "triggered", as: Bool.self),
            filled: Quantity(lots: try row.decode(column: "filled_lots", as: Int64.self)),
            filledNotional: Money(micros: try row.decode(column: "filled_notional_micros", as: Int64.self)),
            fees: Money(micros: try row.decode(column: "fees_micros", as: Int64.self)), reserved: reserved, reservePrice: reservePrice,
            reason: try row.decode(column: "reason", as: String?.self), createdAt: try row.decode(column: "created_at", as: Date.self),
            updatedAt: try row.decode(column: "updated_at", as: Date.self), closedAt: try row.decode(column: "closed_at", as: Date?.self))
    }
}
