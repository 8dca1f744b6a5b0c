/// Wilder's relative strength index, 0...100, over closes.
///
/// The first value comes at the `period + 1`-th close (it takes `period` changes). Average gain and
/// loss use Wilder's smoothing seeded with plain means. When the average loss is 0 the RSI is 100
/// if there were gains, and 50 when there was no movement at all: a flat market is neutral, not
/// overbought, so a rule on RSI bounds does not fire on a market that never traded away.
public struct RelativeStrengthIndex: StreamingIndicator, Hashable {
    public let period: Int
    private var previousClose: Double?
    private var gains: WilderAverage
    private var losses: WilderAverage
    public private(set) var value: Double?

    public init(period: Int) {
        precondition(period >= 1, "RSI period must be at least 1")
        self.period = period
        self.gains = WilderAverage(period: period)
        self.losses = WilderAverage(period: period)
    }

    public var warmUpCount: Int { period + 1 }

    @discardableResult
    public mutating func update(_ close: Double) -> Double? {
        defer { previousClose = close }
        guard let previous = previousClose else { return nil }
        let change = close - previous
        // Both averages must see every change, so neither update may be skipped by short-circuiting.
        let gain = gains.update(max(change, 0))
        let loss = losses.update(max(-change, 0))
        guard let gain, let loss else { return nil }
        if loss == 0 {
            value = gain > 0 ? 100 : 50
        } else {
            value = 100 - 100 / (1 + gain / loss)
        }
        return value
    }
}
