import FluentKit
import Foundation
import MarketCore
import SQLKit

/// Persistence of the market: closed candles and each instrument's resumable state. The one
/// writer of `candles` and `instrument_state` (the trading role).
struct MarketStore: Sendable {
    let storage: Storage

    /// Saves closed candles; a candle already stored (same symbol, interval, start) is kept.
    func save(_ candles: [ClosedCandle]) async throws {
        guard !candles.isEmpty else { return }
        let sql = storage.sql()
        // Chunks keep each statement well under SQLite's bound-parameter limit.
        for chunk in stride(from: 0, to: candles.count, by: 200).map({ Array(candles[$0..<min($0 + 200, candles.count)]) }) {
            var insert = sql.insert(into: CandleModel.schema)
                .columns("symbol", "interval", "start_time", "open_ticks", "high_ticks", "low_ticks", "close_ticks", "volume_lots", "trade_count")
            for closed in chunk {
                let candle = closed.candle
                insert = insert.values(
                    SQLBind(closed.symbol), SQLBind(candle.interval.rawValue), SQLBind(candle.startMillis / 1000),
                    SQLBind(candle.open.ticks), SQLBind(candle.high.ticks), SQLBind(candle.low.ticks), SQLBind(candle.close.ticks),
                    SQLBind(candle.volume.lots), SQLBind(Int64(candle.tradeCount)))
            }
            try await insert.ignoringConflicts(with: ["symbol", "interval", "start_time"]).run()
        }
    }

    /// Stored candles of one symbol and interval in `[from, to)` (epoch seconds), oldest first,
    /// at most `limit` of the newest.
    func candles(symbol: String, interval: CandleInterval, from: Int64?, to: Int64?, limit: Int) async throws -> [Candle] {
        var query = CandleModel.query(on: storage.database())
            .filter(\.$symbol == symbol).filter(\.$interval == interval.rawValue)
        if let from { query = query.filter(\.$startTime >= from) }
        if let to { query = query.filter(\.$startTime < to) }
        let rows = try await query.sort(\.$startTime, .descending).limit(limit).all()
        return rows.reversed().map { row in
            Candle(interval: interval, startMillis: row.startTime * 1000, open: Price(ticks: row.openTicks), high: Price(ticks: row.highTicks),
                   low: Price(ticks: row.lowTicks), close: Price(ticks: row.closeTicks), volume: Quantity(lots: row.volumeLots),
                   tradeCount: Int(row.tradeCount))
        }
    }

    /// Writes every instrument's state (insert or replace).
    func save(_ states: [PersistedInstrumentState], now: Date) async throws {
        guard !states.isEmpty else { return }
        let sql = storage.sql()
        var insert = sql.insert(into: InstrumentStateModel.schema)
            .columns("symbol", "last_price_ticks", "fair_value", "halted", "scenario_json", "updated_at")
        for state in states {
            let scenario = StoredScenario(parameters: state.parameters, preset: state.preset?.rawValue)
            let json = String(decoding: try JSONEncoder().encode(scenario), as: UTF8.self)
            insert = insert.values(SQLBind(state.symbol), SQLBind(state.lastPriceTicks), SQLBind(state.fairValue),
                                   SQLBind(state.halted), SQLBind(json), SQLBind(now))
        }
        try await insert.onConflict(with: ["symbol"]) { conflict in
            conflict.set(excludedValueOf: "last_price_ticks").set(excludedValueOf: "fair_value").set(excludedValueOf: "halted")
                .set(excludedValueOf: "scenario_json").set(excludedValueOf: "updated_at")
        }.run()
    }

    func loadStates() async throws -> [PersistedInstrumentState] {
        try await InstrumentStateModel.query(on: storage.database()).all().map { row in
            let scenario = try? JSONDecoder().decode(StoredScenario.self, from: Data(row.scenarioJSON.utf8))
            return PersistedInstrumentState(symbol: row.id ?? "", lastPriceTicks: row.lastPriceTicks, fairValue: row.fairValue,
                                            halted: row.halted, parameters: scenario?.parameters,
                                            preset: scenario?.preset.flatMap(ScenarioPreset.init(rawValue:)))
        }
    }

    private struct StoredScenario: Codable {
        let parameters: ScenarioParameters?
        let preset: String?
    }
}
