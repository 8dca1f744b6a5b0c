/// The exponential moving average with alpha = 2 / (period + 1).
///
/// Seeding convention: the first value, at the `period`-th observation, is the simple average of
/// the first `period` observations; from then on `ema += alpha × (x − ema)`. This is the
/// StockCharts / TA-Lib convention, so the values agree with the charts traders compare against,
/// and unlike seeding with the first observation it does not over-weight one arbitrary print.
public struct ExponentialMovingAverage: StreamingIndicator, Hashable {
    public let period: Int
    public let alpha: Double
    private var seedSum = 0.0
    private var seedCount = 0
    public private(set) var value: Double?

    public init(period: Int) {
        precondition(period >= 1, "EMA period must be at least 1")
        self.period = period
        self.alpha = 2 / Double(period + 1)
    }

    public var warmUpCount: Int { period }

    @discardableResult
    public mutating func update(_ x: Double) -> Double? {
        if let current = value {
            value = current + alpha * (x - current)
        } else {
            seedSum += x
            seedCount += 1
            if seedCount == period { value = seedSum / Double(period) }
        }
        return value
    }
}
