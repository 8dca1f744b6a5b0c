/// Detects the candle on which a spread (fast − slow, MACD − signal) changes sign.
///
/// It remembers the sign of the last spread that was not zero, so a spread that touches zero and
/// turns back does not fire, and one that goes −, 0, + fires once, on the +. Spreads within
/// `relativeTolerance` of the price count as zero: two averages of a flat market differ only by
/// rounding, and ulp-sized sign flips must not read as crossovers.
struct CrossingDetector: Hashable, Sendable {
    static let relativeTolerance = 1e-9
    private var lastSign = 0

    /// +1 when the spread just turned positive, −1 when it just turned negative, else 0.
    mutating func update(spread: Double, scale: Double) -> Int {
        let tolerance = Self.relativeTolerance * max(abs(scale), 1)
        let sign = spread > tolerance ? 1 : (spread < -tolerance ? -1 : 0)
        guard sign != 0 else { return 0 }
        defer { lastSign = sign }
        return lastSign != 0 && sign != lastSign ? sign : 0
    }
}
