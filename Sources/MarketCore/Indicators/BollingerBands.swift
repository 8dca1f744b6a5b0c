/// Bollinger bands: the SMA of the last `period` closes ± `deviations` standard deviations.
///
/// The standard deviation is the population one (divide by `period`, not `period − 1`), as
/// Bollinger defines it and StockCharts and TA-Lib compute it: the window is the whole population
/// being described, not a sample of a larger one.
public struct BollingerBands: StreamingIndicator, Hashable {
    /// One reading of the bands.
    public struct Value: Hashable, Sendable {
        public var lower: Double
        public var middle: Double
        public var upper: Double
        public var standardDeviation: Double

        public init(lower: Double, middle: Double, upper: Double, standardDeviation: Double) {
            self.lower = lower
            self.middle = middle
            self.upper = upper
            self.standardDeviation = standardDeviation
        }

        /// Where `close` sits: 0 at the lower band, 1 at the upper; nil when the bands have no width.
        public func percentB(of close: Double) -> Double? {
            upper > lower ? (close - lower) / (upper - lower) : nil
        }
    }

    public let period: Int
    public let deviations: Double
    private var window: SlidingWindow
    public private(set) var value: Value?

    public init(period: Int = 20, deviations: Double = 2) {
        precondition(period >= 1, "Bollinger period must be at least 1")
        self.period = period
        self.deviations = deviations
        self.window = SlidingWindow(capacity: period)
    }

    public var warmUpCount: Int { period }

    @discardableResult
    public mutating func update(_ close: Double) -> Value? {
        window.push(close)
        guard window.isFull else { return nil }
        let middle = window.mean
        // The sliding update can leave a hair below zero on a flat window.
        let sd = (max(window.squaredDeviations, 0) / Double(period)).squareRoot()
        value = Value(lower: middle - deviations * sd, middle: middle, upper: middle + deviations * sd, standardDeviation: sd)
        return value
    }
}
