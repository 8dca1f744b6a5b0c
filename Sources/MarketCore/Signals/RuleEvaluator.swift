/// One rule's indicator state for one series, and the vote it casts on each closed candle
/// (strength formulas are documented on the `SignalRule` cases).
struct RuleEvaluator: Hashable, Sendable {
    let rule: SignalRule
    private var fast: MovingAverage?
    private var slow: MovingAverage?
    private var rsi: RelativeStrengthIndex?
    private var bands: BollingerBands?
    private var macd: MovingAverageConvergenceDivergence?
    private var crossing = CrossingDetector()
    private var candles = 0

    init(rule: SignalRule) {
        self.rule = rule
        switch rule {
        case .movingAverageCrossover(let kind, let fastPeriod, let slowPeriod):
            fast = MovingAverage(kind: kind, period: fastPeriod)
            slow = MovingAverage(kind: kind, period: slowPeriod)
        case .rsiBounds(let period, _, _):
            rsi = RelativeStrengthIndex(period: period)
        case .bollingerBreak(let period, let deviations, _):
            bands = BollingerBands(period: period, deviations: deviations)
        case .macdCross(let fastPeriod, let slowPeriod, let signalPeriod):
            macd = MovingAverageConvergenceDivergence(fast: fastPeriod, slow: slowPeriod, signal: signalPeriod)
        }
    }

    /// Whether the rule's indicators have values.
    var isWarm: Bool { candles >= rule.warmUpCandles }

    /// Feeds one close, records the rule's indicator values in `indicators`, and returns the vote.
    mutating func evaluate(close: Double, priceDecimals: Int, indicators: inout [String: Double]) -> RuleVote {
        candles += 1
        func price(_ x: Double) -> String { NumberText.fixed(x, priceDecimals) }
        func vote(_ action: SignalAction, _ strength: Double, _ reason: String) -> RuleVote {
            RuleVote(rule: rule.id, action: action, strength: action == .hold ? 0 : min(max(strength, 0), 1), reason: reason)
        }
        var warming: RuleVote {
            let remaining = max(rule.warmUpCandles - candles, 1)
            return vote(.hold, 0, "\(displayName) needs \(remaining) more candle\(remaining == 1 ? "" : "s") to warm up.")
        }

        switch rule {
        case .movingAverageCrossover:
            let f = fast!.update(close)
            let s = slow!.update(close)
            guard let f, let s else { return warming }
            let (fastName, slowName) = (fast!.displayName, slow!.displayName)
            indicators[fast!.key] = f
            indicators[slow!.key] = s
            let values = "(\(price(f)) vs \(price(s)))"
            switch crossing.update(spread: f - s, scale: close) {
            case 1: return vote(.buy, 1, "\(fastName) crossed above \(slowName) \(values).")
            case -1: return vote(.sell, 1, "\(fastName) crossed below \(slowName) \(values).")
            default:
                let side = f > s ? "above" : (f < s ? "below" : "level with")
                return vote(.hold, 0, "\(fastName) is \(side) \(slowName) \(values), no crossover.")
            }

        case .rsiBounds(let period, let oversold, let overbought):
            guard let value = rsi!.update(close) else { return warming }
            indicators["rsi_\(period)"] = value
            let text = "\(displayName) is \(NumberText.fixed(value, 1))"
            if value < oversold {
                return vote(.buy, (oversold - value) / oversold, "\(text), below the oversold bound \(NumberText.trimmed(oversold)).")
            }
            if value > overbought {
                return vote(.sell, (value - overbought) / (100 - overbought),
                            "\(text), above the overbought bound \(NumberText.trimmed(overbought)).")
            }
            return vote(.hold, 0, "\(text), between \(NumberText.trimmed(oversold)) and \(NumberText.trimmed(overbought)).")

        case .bollingerBreak(let period, let deviations, let mode):
            guard let b = bands!.update(close) else { return warming }
            let key = "bb_\(period)_\(NumberText.trimmed(deviations))"
            indicators[key + "_lower"] = b.lower
            indicators[key + "_middle"] = b.middle
            indicators[key + "_upper"] = b.upper
            // Above the upper band is stretched (sell) in mean reversion, a breakout (buy) otherwise.
            let up: SignalAction = mode == .meanReversion ? .sell : .buy
            let down: SignalAction = mode == .meanReversion ? .buy : .sell
            let reading = mode == .meanReversion ? "stretched" : "a breakout"
            if close > b.upper, b.upper > b.middle {
                return vote(up, (close - b.upper) / (b.upper - b.middle),
                            "Close \(price(close)) is above the upper \(displayName) band \(price(b.upper)), \(reading).")
            }
            if close < b.lower, b.middle > b.lower {
                return vote(down, (b.lower - close) / (b.middle - b.lower),
                            "Close \(price(close)) is below the lower \(displayName) band \(price(b.lower)), \(reading).")
            }
            return vote(.hold, 0, "Close \(price(close)) is inside the \(displayName) bands (\(price(b.lower)) to \(price(b.upper))).")

        case .macdCross(let fastPeriod, let slowPeriod, let signalPeriod):
            guard let m = macd!.update(close) else { return warming }
            let key = "macd_\(fastPeriod)_\(slowPeriod)_\(signalPeriod)"
            indicators[key + "_line"] = m.line
            indicators[key + "_signal"] = m.signal
            indicators[key + "_histogram"] = m.histogram
            // MACD values are differences of prices, so they get two more places than a price.
            let values = "(\(NumberText.fixed(m.line, priceDecimals + 2)) vs \(NumberText.fixed(m.signal, priceDecimals + 2)))"
            switch crossing.update(spread: m.histogram, scale: close) {
            case 1: return vote(.buy, 1, "\(displayName) line crossed above its signal line \(values).")
            case -1: return vote(.sell, 1, "\(displayName) line crossed below its signal line \(values).")
            default:
                let side = m.histogram > 0 ? "above" : (m.histogram < 0 ? "below" : "level with")
                return vote(.hold, 0, "\(displayName) line is \(side) its signal line \(values), no crossover.")
            }
        }
    }

    /// "SMA(10)/SMA(30) crossover", "RSI(14)", "Bollinger(20, 2)", "MACD(12, 26, 9)".
    private var displayName: String {
        switch rule {
        case .movingAverageCrossover(let kind, let f, let s): return "\(kind.displayName)(\(f))/\(kind.displayName)(\(s)) crossover"
        case .rsiBounds(let period, _, _): return "RSI(\(period))"
        case .bollingerBreak(let period, let deviations, _): return "Bollinger(\(period), \(NumberText.trimmed(deviations)))"
        case .macdCross(let f, let s, let g): return "MACD(\(f), \(s), \(g))"
        }
    }
}
