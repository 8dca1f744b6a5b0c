/// One configurable rule of the signal engine; each votes buy, sell or hold on every closed candle.
public enum SignalRule: Hashable, Sendable {
    /// Votes on the candle where the fast average crosses the slow one: above → buy, below → sell.
    /// Strength 1: the crossing is the event, and the gap between the lines at that moment is
    /// near zero by construction, so it says nothing.
    case movingAverageCrossover(kind: MovingAverageKind, fast: Int, slow: Int)
    /// Votes buy while RSI(period) < oversold and sell while it is > overbought. Strength: how far
    /// past the bound toward the extreme, (oversold − rsi) / oversold or (rsi − overbought) / (100 − overbought).
    case rsiBounds(period: Int, oversold: Double, overbought: Double)
    /// Votes while the close is outside Bollinger(period, deviations), in the direction `mode` gives.
    /// Strength: the distance beyond the band in band half-widths, (close − upper) / (upper − middle)
    /// or (lower − close) / (middle − lower), capped at 1.
    case bollingerBreak(period: Int, deviations: Double, mode: BandBreakMode)
    /// Votes on the candle where the MACD line crosses its signal line: above → buy, below → sell.
    /// Strength 1, as for the moving-average crossover.
    case macdCross(fast: Int, slow: Int, signal: Int)

    /// SMA 10/30 crossover, RSI 14 at 30/70, Bollinger 20 × 2 mean reversion, MACD 12/26/9.
    public static let defaults: [SignalRule] = [
        .movingAverageCrossover(kind: .sma, fast: 10, slow: 30),
        .rsiBounds(period: 14, oversold: 30, overbought: 70),
        .bollingerBreak(period: 20, deviations: 2, mode: .meanReversion),
        .macdCross(fast: 12, slow: 26, signal: 9),
    ]

    /// The longest period a rule may use; bounds the memory of every symbol's state.
    public static let maxPeriod = 1_000

    /// A stable identifier, e.g. "sma_cross_10_30", "rsi_14_30_70", "bb_break_20_2_mean_reversion".
    public var id: String {
        switch self {
        case .movingAverageCrossover(let kind, let fast, let slow):
            return "\(kind.rawValue)_cross_\(fast)_\(slow)"
        case .rsiBounds(let period, let oversold, let overbought):
            return "rsi_\(period)_\(NumberText.trimmed(oversold))_\(NumberText.trimmed(overbought))"
        case .bollingerBreak(let period, let deviations, let mode):
            return "bb_break_\(period)_\(NumberText.trimmed(deviations))_\(mode.rawValue)"
        case .macdCross(let fast, let slow, let signal):
            return "macd_cross_\(fast)_\(slow)_\(signal)"
        }
    }

    /// The number of closed candles after which the rule's indicators have values. Crossover rules
    /// compare with the previous candle, so they can first fire one candle later.
    public var warmUpCandles: Int {
        switch self {
        case .movingAverageCrossover(_, _, let slow): return slow
        case .rsiBounds(let period, _, _): return period + 1
        case .bollingerBreak(let period, _, _): return period
        case .macdCross(let fast, let slow, let signal): return max(fast, slow) + signal - 1
        }
    }

    /// Checks the parameters; the engine refuses rules that fail.
    public func validate() throws(SignalRuleError) {
        func fail(_ reason: String) -> SignalRuleError { .invalidParameter(rule: id, reason: reason) }
        func checkPeriod(_ name: String, _ value: Int, minimum: Int = 1) throws(SignalRuleError) {
            guard (minimum...Self.maxPeriod).contains(value) else {
                throw fail("\(name) must be between \(minimum) and \(Self.maxPeriod)")
            }
        }
        switch self {
        case .movingAverageCrossover(_, let fast, let slow):
            try checkPeriod("fast", fast)
            try checkPeriod("slow", slow)
            guard fast < slow else { throw fail("fast must be shorter than slow") }
        case .rsiBounds(let period, let oversold, let overbought):
            try checkPeriod("period", period)
            guard oversold > 0, overbought < 100, oversold < overbought else {
                throw fail("bounds must satisfy 0 < oversold < overbought < 100")
            }
        case .bollingerBreak(let period, let deviations, _):
            // One close has no spread, so the bands need at least two.
            try checkPeriod("period", period, minimum: 2)
            guard deviations.isFinite, deviations > 0, deviations <= 10 else {
                throw fail("deviations must be greater than 0 and at most 10")
            }
        case .macdCross(let fast, let slow, let signal):
            try checkPeriod("fast", fast)
            try checkPeriod("slow", slow)
            try checkPeriod("signal", signal)
            guard fast < slow else { throw fail("fast must be shorter than slow") }
        }
    }
}
