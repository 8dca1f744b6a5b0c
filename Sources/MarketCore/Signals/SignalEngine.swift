/// Turns closed candles into signals, keeping every rule's indicator state per symbol and interval.
///
/// Aggregation: every rule votes buy, sell or hold with a strength in 0...1 (formulas on the
/// `SignalRule` cases: 1 for a crossover, depth past the bound for RSI and Bollinger). The net score
/// is (Σ buy strengths − Σ sell strengths) / number of rules, so it lies in −1...1 and only reaches
/// ±1 when every rule agrees at full strength; a rule still warming up counts as a hold, so early
/// signals are not inflated. The action is buy for a positive score, sell for a negative one and
/// hold at exactly 0 (nothing fired, or the votes cancel); the strength is |score|.
///
/// Deterministic: no clock (time is the candle's), no randomness. A candle that does not start
/// after the last one consumed for its symbol and interval is ignored, so feeding overlapping
/// batches (a job re-reading the last few candles every minute) yields each signal once.
public struct SignalEngine: Sendable {
    /// The rules in voting order.
    public let rules: [SignalRule]
    private var series: [SeriesKey: SeriesState] = [:]

    /// An engine with `SignalRule.defaults`.
    public init() {
        self.rules = SignalRule.defaults
    }

    /// An engine with `rules`, which must be valid, distinct and at least one.
    public init(rules: [SignalRule]) throws(SignalRuleError) {
        guard !rules.isEmpty else { throw .noRules }
        var seen = Set<String>()
        for rule in rules {
            try rule.validate()
            guard seen.insert(rule.id).inserted else { throw .duplicateRule(rule.id) }
        }
        self.rules = rules
    }

    /// Closed candles after which every rule's indicators have values: how much history to replay
    /// after a restart (crossover rules can fire from the candle after).
    public var warmUpCandles: Int { rules.map(\.warmUpCandles).max() ?? 0 }

    /// Consumes one closed candle of `instrument`; nil when the candle is not newer than the last
    /// one consumed for that symbol and interval.
    public mutating func consume(_ candle: Candle, of instrument: Instrument) -> Signal? {
        let key = SeriesKey(symbol: instrument.symbol, interval: candle.interval)
        if let last = series[key]?.lastCandleStart, candle.startMillis <= last { return nil }
        let rules = self.rules
        return series[key, default: SeriesState(rules: rules)].consume(candle, of: instrument)
    }

    /// Consumes closed candles in order; returns the signals of those that were new.
    public mutating func consume(_ candles: some Sequence<Candle>, of instrument: Instrument) -> [Signal] {
        candles.compactMap { consume($0, of: instrument) }
    }

    /// The signal of the latest candle consumed for `symbol` at `interval`.
    public func latest(symbol: String, interval: CandleInterval) -> Signal? {
        series[SeriesKey(symbol: symbol, interval: interval)]?.latest
    }

    /// The start of the latest candle consumed for `symbol` at `interval`.
    public func lastCandleStart(symbol: String, interval: CandleInterval) -> Int64? {
        series[SeriesKey(symbol: symbol, interval: interval)]?.lastCandleStart
    }

    /// Forgets every interval's state of `symbol` (e.g. after a scenario reset reprices it).
    public mutating func reset(symbol: String) {
        series = series.filter { $0.key.symbol != symbol }
    }

    private struct SeriesKey: Hashable, Sendable {
        var symbol: String
        var interval: CandleInterval
    }

    private struct SeriesState: Sendable {
        var evaluators: [RuleEvaluator]
        var lastCandleStart: Int64?
        var latest: Signal?

        init(rules: [SignalRule]) {
            evaluators = rules.map(RuleEvaluator.init(rule:))
        }

        mutating func consume(_ candle: Candle, of instrument: Instrument) -> Signal {
            let close = instrument.priceValue(candle.close)
            var indicators = ["close": close]
            var votes: [RuleVote] = []
            votes.reserveCapacity(evaluators.count)
            for i in evaluators.indices {
                votes.append(evaluators[i].evaluate(close: close, priceDecimals: instrument.priceDecimals, indicators: &indicators))
            }
            let warming = evaluators.count(where: { !$0.isWarm })
            let signal = Self.aggregate(votes, warming: warming, symbol: instrument.symbol, candle: candle, indicators: indicators)
            lastCandleStart = candle.startMillis
            latest = signal
            return signal
        }

        static func aggregate(_ votes: [RuleVote], warming: Int, symbol: String, candle: Candle, indicators: [String: Double]) -> Signal {
            var net = 0.0
            for vote in votes {
                switch vote.action {
                case .buy: net += vote.strength
                case .sell: net -= vote.strength
                case .hold: break
                }
            }
            let score = net / Double(votes.count)
            let action: SignalAction = score > 0 ? .buy : (score < 0 ? .sell : .hold)
            let buys = votes.filter { $0.action == .buy }.map(\.reason)
            let sells = votes.filter { $0.action == .sell }.map(\.reason)
            let reason: String
            switch action {
            case .buy: reason = (["Buy:"] + buys + (sells.isEmpty ? [] : ["Against:"] + sells)).joined(separator: " ")
            case .sell: reason = (["Sell:"] + sells + (buys.isEmpty ? [] : ["Against:"] + buys)).joined(separator: " ")
            case .hold:
                if !buys.isEmpty || !sells.isEmpty {
                    reason = (["Hold, the votes cancel out:"] + buys + sells).joined(separator: " ")
                } else {
                    reason = warming == 0
                        ? "Hold: no rule fired on this candle."
                        : "Hold: no rule fired; \(warming) of \(votes.count) rules are still warming up."
                }
            }
            return Signal(symbol: symbol, interval: candle.interval, candleStartMillis: candle.startMillis, action: action,
                          strength: abs(score), reason: reason, indicators: indicators, votes: votes)
        }
    }
}
