/// Wilder's average true range over high, low and close.
///
/// The true range of the first bar is high − low (there is no previous close); later bars take the
/// largest of high − low, |high − previous close| and |low − previous close|. The first ATR, at bar
/// `period`, is the mean of the first `period` true ranges, then Wilder's smoothing.
public struct AverageTrueRange: StreamingIndicator, Hashable {
    public let period: Int
    private var previousClose: Double?
    private var average: WilderAverage

    public init(period: Int = 14) {
        precondition(period >= 1, "ATR period must be at least 1")
        self.period = period
        self.average = WilderAverage(period: period)
    }

    public var warmUpCount: Int { period }

    public var value: Double? { average.value }

    @discardableResult
    public mutating func update(high: Double, low: Double, close: Double) -> Double? {
        var range = high - low
        if let previous = previousClose {
            range = max(range, abs(high - previous), abs(low - previous))
        }
        previousClose = close
        return average.update(range)
    }
}
