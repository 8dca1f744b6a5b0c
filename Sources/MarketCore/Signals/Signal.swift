/// The engine's verdict on one symbol after one closed candle.
public struct Signal: Hashable, Sendable, Codable {
    public var symbol: String
    public var interval: CandleInterval
    /// Start of the candle the signal was computed on, epoch milliseconds UTC.
    public var candleStartMillis: Int64
    public var action: SignalAction
    /// 0...1: the net weight of the votes for `action` (see `SignalEngine`); 0 for a hold.
    public var strength: Double
    /// A human sentence naming what fired (or that nothing did).
    public var reason: String
    /// The values behind the verdict: "close" and every warm indicator, e.g. "sma_10", "rsi_14",
    /// "bb_20_2_upper", "macd_12_26_9_histogram".
    public var indicators: [String: Double]
    /// Every rule's vote, in the engine's rule order.
    public var votes: [RuleVote]

    public init(symbol: String, interval: CandleInterval, candleStartMillis: Int64, action: SignalAction, strength: Double,
                reason: String, indicators: [String: Double], votes: [RuleVote]) {
        self.symbol = symbol
        self.interval = interval
        self.candleStartMillis = candleStartMillis
        self.action = action
        self.strength = strength
        self.reason = reason
        self.indicators = indicators
        self.votes = votes
    }

    /// When the candle closed, and so the earliest moment the signal could be known.
    public var candleEndMillis: Int64 { candleStartMillis + interval.millis }
}
