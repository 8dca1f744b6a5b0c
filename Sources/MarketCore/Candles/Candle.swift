/// Open, high, low, close and volume of the trades in one UTC bucket.
public struct Candle: Hashable, Sendable {
    public var interval: CandleInterval
    /// Bucket start, epoch milliseconds UTC.
    public var startMillis: Int64
    public var open: Price
    public var high: Price
    public var low: Price
    public var close: Price
    public var volume: Quantity
    public var tradeCount: Int

    public init(interval: CandleInterval, startMillis: Int64, open: Price, high: Price, low: Price, close: Price, volume: Quantity, tradeCount: Int) {
        self.interval = interval
        self.startMillis = startMillis
        self.open = open
        self.high = high
        self.low = low
        self.close = close
        self.volume = volume
        self.tradeCount = tradeCount
    }

    public var endMillis: Int64 { startMillis + interval.millis }
}
