/// Builds candles of every interval incrementally from trades, reporting each candle once it closes.
///
/// A bucket with no trades produces no candle (charts show a gap, as exchanges do). A trade stamped
/// before the open bucket (a late print) is folded into the open bucket rather than reopening a
/// closed one, so a closed candle never changes after it was reported.
public struct CandleAggregator: Hashable, Sendable {
    public let intervals: [CandleInterval]
    private var open: [Candle?]

    public init(intervals: [CandleInterval] = CandleInterval.allCases) {
        self.intervals = intervals
        self.open = Array(repeating: nil, count: intervals.count)
    }

    /// The candle still forming for `interval`, if any trade has landed in it.
    public func current(_ interval: CandleInterval) -> Candle? {
        intervals.firstIndex(of: interval).flatMap { open[$0] }
    }

    /// Adds a trade; candles it closes (because it belongs to a later bucket) are appended to `closed`.
    public mutating func add(price: Price, quantity: Quantity, atMillis time: Int64, closed: inout [Candle]) {
        for i in intervals.indices {
            let interval = intervals[i]
            let start = interval.bucketStart(time)
            if var candle = open[i], start <= candle.startMillis {
                candle.high = max(candle.high, price)
                candle.low = min(candle.low, price)
                candle.close = price
                candle.volume += quantity
                candle.tradeCount += 1
                open[i] = candle
            } else {
                if let finished = open[i] { closed.append(finished) }
                open[i] = Candle(interval: interval, startMillis: start, open: price, high: price, low: price, close: price, volume: quantity, tradeCount: 1)
            }
        }
    }

    /// Closes every open candle whose bucket has ended by `time`, appending them to `closed`.
    public mutating func close(upTo time: Int64, closed: inout [Candle]) {
        for i in intervals.indices {
            if let candle = open[i], candle.endMillis <= time {
                closed.append(candle)
                open[i] = nil
            }
        }
    }
}
