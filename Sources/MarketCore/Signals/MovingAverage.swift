/// An SMA or an EMA behind one interface, for the crossover rule.
///
/// Two optionals rather than an enum with payloads: mutating an enum payload copies it out and
/// back, which would copy the SMA's ring buffer on every candle.
struct MovingAverage: Hashable, Sendable {
    let kind: MovingAverageKind
    let period: Int
    private var simple: SimpleMovingAverage?
    private var exponential: ExponentialMovingAverage?

    init(kind: MovingAverageKind, period: Int) {
        self.kind = kind
        self.period = period
        switch kind {
        case .sma: simple = SimpleMovingAverage(period: period)
        case .ema: exponential = ExponentialMovingAverage(period: period)
        }
    }

    /// "SMA(10)".
    var displayName: String { "\(kind.displayName)(\(period))" }
    /// "sma_10".
    var key: String { "\(kind.rawValue)_\(period)" }

    mutating func update(_ x: Double) -> Double? {
        switch kind {
        case .sma: return simple!.update(x)
        case .ema: return exponential!.update(x)
        }
    }
}
