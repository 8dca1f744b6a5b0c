/// Wilder's smoothing: the plain mean of the first `period` observations, then
/// `avg = (avg × (period − 1) + x) / period` (an EMA with alpha 1/period).
struct WilderAverage: Hashable, Sendable {
    let period: Int
    private var seedSum = 0.0
    private var seedCount = 0
    private(set) var value: Double?

    init(period: Int) {
        precondition(period >= 1, "Wilder period must be at least 1")
        self.period = period
    }

    @discardableResult
    mutating func update(_ x: Double) -> Double? {
        if let current = value {
            value = (current * Double(period - 1) + x) / Double(period)
        } else {
            seedSum += x
            seedCount += 1
            if seedCount == period { value = seedSum / Double(period) }
        }
        return value
    }
}
