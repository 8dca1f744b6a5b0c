import FluentKit
import SQLKit

/// Closed candles (chart history survives restarts) and each instrument's last state (the
/// simulator resumes from it instead of jumping back to the starting prices).
struct CreateMarketTables: AsyncMigration {
    func prepare(on database: any Database) async throws {
        try await database.schema(CandleModel.schema)
            .field("id", .int64, .identifier(auto: true))
            .field("symbol", .string, .required)
            .field("interval", .string, .required)
            .field("start_time", .int64, .required)
            .field("open_ticks", .int64, .required)
            .field("high_ticks", .int64, .required)
            .field("low_ticks", .int64, .required)
            .field("close_ticks", .int64, .required)
            .field("volume_lots", .int64, .required)
            .field("trade_count", .int64, .required)
            .unique(on: "symbol", "interval", "start_time")
            .create()
        try await database.schema(InstrumentStateModel.schema)
            .field("symbol", .string, .identifier(auto: false))
            .field("last_price_ticks", .int64)
            .field("fair_value", .double)
            .field("halted", .bool, .required)
            .field("scenario_json", .string, .required)
            .field("updated_at", .datetime, .required)
            .create()
    }

    func revert(on database: any Database) async throws {
        try await database.schema(CandleModel.schema).delete()
        try await database.schema(InstrumentStateModel.schema).delete()
    }
}
