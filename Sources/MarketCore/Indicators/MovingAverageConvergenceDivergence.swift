/// MACD: the fast EMA minus the slow EMA of the closes, its signal line and the histogram.
///
/// Both EMAs start at the first close (each seeded with its own SMA); the signal line is an EMA of
/// the MACD line seeded with the SMA of the line's first `signalPeriod` values. With the classic
/// 12/26/9 the first complete value is at close 26 + 9 − 1 = 34.
public struct MovingAverageConvergenceDivergence: StreamingIndicator, Hashable {
    /// One MACD reading.
    public struct Value: Hashable, Sendable {
        public var line: Double
        public var signal: Double
        /// line − signal.
        public var histogram: Double

        public init(line: Double, signal: Double, histogram: Double) {
            self.line = line
            self.signal = signal
            self.histogram = histogram
        }
    }

    public let fastPeriod: Int
    public let slowPeriod: Int
    public let signalPeriod: Int
    private var fast: ExponentialMovingAverage
    private var slow: ExponentialMovingAverage
    private var signal: ExponentialMovingAverage
    public private(set) var value: Value?

    public init(fast: Int = 12, slow: Int = 26, signal: Int = 9) {
        self.fastPeriod = fast
        self.slowPeriod = slow
        self.signalPeriod = signal
        self.fast = ExponentialMovingAverage(period: fast)
        self.slow = ExponentialMovingAverage(period: slow)
        self.signal = ExponentialMovingAverage(period: signal)
    }

    public var warmUpCount: Int { max(fastPeriod, slowPeriod) + signalPeriod - 1 }

    @discardableResult
    public mutating func update(_ close: Double) -> Value? {
        let f = fast.update(close)
        let s = slow.update(close)
        guard let f, let s else { return nil }
        let line = f - s
        guard let sig = signal.update(line) else { return nil }
        value = Value(line: line, signal: sig, histogram: line - sig)
        return value
    }
}
