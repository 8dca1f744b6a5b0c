import FluentKit

/// A closed OHLCV candle, prices in ticks and volume in lots of its instrument.
final class CandleModel: Model, @unchecked Sendable {
    static let schema = "candles"

    @ID(custom: "id", generatedBy: .database) var id: Int64?
    @Field(key: "symbol") var symbol: String
    @Field(key: "interval") var interval: String
    /// Start of the bucket, seconds since the Unix epoch (UTC).
    @Field(key: "start_time") var startTime: Int64
    @Field(key: "open_ticks") var openTicks: Int64
    @Field(key: "high_ticks") var highTicks: Int64
    @Field(key: "low_ticks") var lowTicks: Int64
    @Field(key: "close_ticks") var closeTicks: Int64
    @Field(key: "volume_lots") var volumeLots: Int64
    @Field(key: "trade_count") var tradeCount: Int64

    init() {}
}
