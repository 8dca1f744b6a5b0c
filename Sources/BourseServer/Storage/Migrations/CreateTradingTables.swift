import FluentKit
import SQLKit

/// Orders, fills, positions and equity snapshots: written by the trading engine's journal
/// (orders, fills, positions) and the portfolio sampler (snapshots).
struct CreateTradingTables: AsyncMigration {
    func prepare(on database: any Database) async throws {
        try await database.schema("orders")
            .field("id", .int64, .identifier(auto: false))
            .field("account_id", .int64, .required, .references(AccountModel.schema, "id", onDelete: .cascade))
            .field("user_id", .uuid, .required)
            .field("client_order_id", .string)
            .field("request_hash", .string, .required)
            .field("symbol", .string, .required)
            .field("side", .string, .required)
            .field("type", .string, .required)
            .field("time_in_force", .string, .required)
            .field("qty_lots", .int64, .required)
            .field("limit_ticks", .int64)
            .field("stop_ticks", .int64)
            .field("status", .string, .required)
            .field("triggered", .bool, .required)
            .field("filled_lots", .int64, .required)
            .field("filled_notional_micros", .int64, .required)
            .field("fees_micros", .int64, .required)
            .field("reserved_micros", .int64, .required)
            .field("reason", .string)
            .field("created_at", .datetime, .required)
            .field("updated_at", .datetime, .required)
            .field("closed_at", .datetime)
            .unique(on: "user_id", "client_order_id")
            .create()
        try await database.schema("fills")
            .field("id", .int64, .identifier(auto: true))
            .field("order_id", .int64, .required)
            .field("account_id", .int64, .required)
            .field("user_id", .uuid, .required)
            .field("symbol", .string, .required)
            .field("side", .string, .required)
            .field("qty_lots", .int64, .required)
            .field("price_ticks", .int64, .required)
            .field("notional_micros", .int64, .required)
            .field("fee_micros", .int64, .required)
            .field("liquidity", .string, .required)
            .field("created_at", .datetime, .required)
            .create()
        try await database.schema("positions")
            .field("account_id", .int64, .required, .references(AccountModel.schema, "id", onDelete: .cascade))
            .field("symbol", .string, .required)
            .field("qty_lots", .int64, .required)
            .field("cost_micros", .int64, .required)
            .field("realized_micros", .int64, .required)
            .field("updated_at", .datetime, .required)
            .compositeIdentifier(over: "account_id", "symbol")
            .create()
        try await database.schema("equity_snapshots")
            .field("id", .int64, .identifier(auto: true))
            .field("account_id", .int64, .required, .references(AccountModel.schema, "id", onDelete: .cascade))
            .field("taken_at", .datetime, .required)
            .field("equity_micros", .int64, .required)
            .field("cash_micros", .int64, .required)
            .create()
        if let sql = database as? any SQLDatabase {
            try await sql.create(index: "orders_account_idx").on("orders").column("account_id").column("id").run()
            try await sql.create(index: "orders_status_idx").on("orders").column("status").run()
            try await sql.create(index: "fills_account_idx").on("fills").column("account_id").column("id").run()
            try await sql.create(index: "equity_snapshots_account_idx").on("equity_snapshots").column("account_id").column("taken_at").run()
        }
    }

    func revert(on database: any Database) async throws {
        for table in ["equity_snapshots", "positions", "fills", "orders"] { try await database.schema(table).delete() }
    }
}
