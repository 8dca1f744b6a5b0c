import Foundation
import MarketCore
import Scheduling
import SQLKit

/// `market_analysis` (1 min): runs the signal engine over each instrument's newly closed
/// one-minute candles, stores the signals that call for action and announces them on the
/// market channel.
actor MarketAnalysisJob {
    private var signals = SignalEngine()
    let engine: MarketEngine
    let feed: MarketFeed
    let storage: Storage
    let now: @Sendable () -> Date

    init(engine: MarketEngine, feed: MarketFeed, storage: Storage, now: @escaping @Sendable () -> Date) {
        self.engine = engine
        self.feed = feed
        self.storage = storage
        self.now = now
    }

    func run(_ context: JobContext) async throws {
        var produced: [Signal] = []
        for instrument in engine.catalogue.instruments {
            let candles = await engine.recentClosedCandles(symbol: instrument.symbol, interval: .oneMinute)
            produced += signals.consume(candles, of: instrument)
        }
        let actionable = produced.filter { $0.action != .hold }
        for signal in actionable {
            let dto = SignalDTO(signal)
            try await storage.sql().insert(into: "signals")
                .columns("symbol", "interval", "candle_start", "action", "strength", "reason", "indicators_json", "created_at")
                .values(SQLBind(signal.symbol), SQLBind(signal.interval.rawValue), SQLBind(signal.candleStartMillis),
                        SQLBind(signal.action.rawValue), SQLBind(signal.strength), SQLBind(signal.reason),
                        SQLBind(String(decoding: try JSONEncoder().encode(signal.indicators), as: UTF8.self)), SQLBind(now()))
                .ignoringConflicts(with: ["symbol", "interval", "candle_start"]).run()
            await feed.publish(type: "signal", dto)
        }
        context.logger.info("market analysis done", metadata: ["candles_signals": "\(produced.count)", "actionable": "\(actionable.count)"])
    }
}

/// A signal as the API and the channels show it.
struct SignalDTO: Encodable, Sendable {
    let symbol: String
    let interval: String
    let action: String
    let strength: String
    let reason: String
    let indicators: [String: String]
    let candleTime: String

    enum CodingKeys: String, CodingKey { case symbol, interval, action, strength, reason, indicators, candleTime = "candle_time" }

    init(_ signal: Signal) {
        self.init(symbol: signal.symbol, interval: signal.interval.rawValue, action: signal.action.rawValue, strength: signal.strength,
                  reason: signal.reason, indicators: signal.indicators, candleStartMillis: signal.candleStartMillis)
    }

    init(symbol: String, interval: String, action: String, strength: Double, reason: String, indicators: [String: Double], candleStartMillis: Int64) {
        self.symbol = symbol
        self.interval = interval
        self.action = action
        self.strength = MarketJSON.number((strength * 1000).rounded() / 1000)
        self.reason = reason
        self.indicators = indicators.mapValues { MarketJSON.number(($0 * 1_000_000).rounded() / 1_000_000) }
        self.candleTime = MarketJSON.time(candleStartMillis)
    }
}
