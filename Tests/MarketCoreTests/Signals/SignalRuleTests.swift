import MarketCore
import Testing

/// Each rule on a crafted series: it fires on exactly the expected candle with the documented strength.
@Suite("Signal rules")
struct SignalRuleTests {
    typealias S = SignalTestSupport

    /// SMA(2) vs SMA(4). Worked by hand: spread at each candle from the 4th is
    /// −1, −1, −0.5, +0.75 (buy at index 6), +2, +1.75, −0.5 (sell at index 9).
    @Test func smaCrossoverFiresOnTheCrossingCandle() {
        let acme = S.instrument()
        var engine = S.engine([.movingAverageCrossover(kind: .sma, fast: 2, slow: 4)])
        let closes: [Double] = [10, 9, 8, 7, 6, 7, 9, 12, 11, 8]
        let signals = engine.consume(S.candles(closes, for: acme), of: acme)
        #expect(signals.map(\.action) == [.hold, .hold, .hold, .hold, .hold, .hold, .buy, .hold, .hold, .sell])
        let buy = signals[6]
        #expect(buy.strength == 1)
        #expect(buy.indicators["sma_2"] == 8)
        #expect(buy.indicators["sma_4"] == 7.25)
        #expect(buy.candleStartMillis == S.t0 + 6 * 60_000)
        #expect(buy.reason == "Buy: SMA(2) crossed above SMA(4) (8.00 vs 7.25).")
        #expect(signals[9].reason == "Sell: SMA(2) crossed below SMA(4) (9.50 vs 10.00).")
        #expect(signals[2].reason == "Hold: no rule fired; 1 of 1 rules are still warming up.")
        #expect(signals[2].votes[0].reason == "SMA(2)/SMA(4) crossover needs 1 more candle to warm up.")
        #expect(signals[7].reason == "Hold: no rule fired on this candle.")
    }

    /// EMA(3) vs EMA(6); the expected crossing candles come from a naive EMA written here.
    @Test func emaCrossoverMatchesANaiveComputation() {
        let closes: [Double] = [20, 19.5, 19, 18.2, 18, 17.5, 17.8, 18.6, 19.4, 20.1, 20.5, 20.2, 19.6, 18.9, 18.1, 17.7, 18.4, 19.3]
        func ema(_ n: Int) -> [Double?] {
            var out: [Double?] = []
            var value: Double?
            for i in closes.indices {
                if i + 1 == n { value = closes[0..<n].reduce(0, +) / Double(n) }
                else if let v = value { value = v + 2 / Double(n + 1) * (closes[i] - v) }
                out.append(value)
            }
            return out
        }
        let (fast, slow) = (ema(3), ema(6))
        var expected: [SignalAction] = []
        var last = 0
        for i in closes.indices {
            guard let f = fast[i], let s = slow[i] else { expected.append(.hold); continue }
            let sign = f > s ? 1 : -1
            expected.append(last != 0 && sign != last ? (sign > 0 ? .buy : .sell) : .hold)
            last = sign
        }
        #expect(expected.filter { $0 != .hold }.count >= 2)

        let acme = S.instrument()
        var engine = S.engine([.movingAverageCrossover(kind: .ema, fast: 3, slow: 6)])
        #expect(engine.consume(S.candles(closes, for: acme), of: acme).map(\.action) == expected)
    }

    /// RSI(3) on 10, 11, 10, 9, 8: by hand the averages after 9 are 1/3 and 2/3 (RSI 33.3, hold);
    /// after 8 they are 2/9 and 7/9, RSI = 100 − 100 / (1 + 2/7) = 22.2 → buy, strength (30 − 22.2) / 30.
    @Test func rsiBelowOversoldBuys() {
        let acme = S.instrument()
        var engine = S.engine([.rsiBounds(period: 3, oversold: 30, overbought: 70)])
        let signals = engine.consume(S.candles([10, 11, 10, 9, 8], for: acme), of: acme)
        #expect(signals.map(\.action) == [.hold, .hold, .hold, .hold, .buy])
        #expect(signals[2].indicators["rsi_3"] == nil)
        #expect(abs(signals[3].indicators["rsi_3"]! - 100.0 / 3) < 1e-9)
        #expect(signals[3].reason == "Hold: no rule fired on this candle.")
        #expect(signals[3].votes[0].reason == "RSI(3) is 33.3, between 30 and 70.")
        let rsi = 100 - 100 / (1 + 2.0 / 7)
        #expect(abs(signals[4].indicators["rsi_3"]! - rsi) < 1e-9)
        #expect(abs(signals[4].strength - (30 - rsi) / 30) < 1e-12)
        #expect(signals[4].reason == "Buy: RSI(3) is 22.2, below the oversold bound 30.")
    }

    @Test func rsiAboveOverboughtSells() {
        let acme = S.instrument()
        var engine = S.engine([.rsiBounds(period: 3, oversold: 30, overbought: 70)])
        let last = engine.consume(S.candles([10, 11, 12, 13], for: acme), of: acme).last!
        #expect(last.action == .sell)
        #expect(last.strength == 1) // RSI 100: all the way to the extreme
        #expect(last.indicators["rsi_3"] == 100)
    }

    /// Bollinger(4, 1) on 10, 10, 10, 14: mean 11, sd √3, upper 11 + √3; the close is
    /// (3 − √3) / √3 = √3 − 1 half-widths above it.
    @Test func bollingerBreakAboveTheUpperBand() {
        let acme = S.instrument()
        for (mode, action) in [(BandBreakMode.meanReversion, SignalAction.sell), (.breakout, .buy)] {
            var engine = S.engine([.bollingerBreak(period: 4, deviations: 1, mode: mode)])
            let signals = engine.consume(S.candles([10, 10, 10, 10, 14], for: acme), of: acme)
            #expect(signals[3].action == .hold) // a flat window has zero-width bands: no break
            #expect(signals[4].action == action)
            #expect(abs(signals[4].strength - (3.0.squareRoot() - 1)) < 1e-12)
            #expect(abs(signals[4].indicators["bb_4_1_upper"]! - (11 + 3.0.squareRoot())) < 1e-12)
            #expect(signals[4].indicators["bb_4_1_middle"] == 11)
        }
    }

    @Test func bollingerBreakBelowTheLowerBand() {
        let acme = S.instrument()
        var engine = S.engine([.bollingerBreak(period: 4, deviations: 1, mode: .meanReversion)])
        let last = engine.consume(S.candles([10, 10, 10, 6], for: acme), of: acme).last!
        #expect(last.action == .buy)
        #expect(abs(last.strength - (3.0.squareRoot() - 1)) < 1e-12)
        #expect(last.reason == "Buy: Close 6.00 is below the lower Bollinger(4, 1) band 7.27, stretched.")
    }

    /// MACD(12, 26, 9) over the reference series: signals exactly where the histogram of the
    /// Python reference (IndicatorReferenceVectors) changes sign.
    @Test func macdCrossMatchesTheReferenceHistogram() {
        var expected: [SignalAction] = []
        var last = 0
        for value in IndicatorReferenceVectors.macd12_26_9 {
            guard let h = value?.histogram else { expected.append(.hold); continue }
            let sign = h > 0 ? 1 : -1
            expected.append(last != 0 && sign != last ? (sign > 0 ? .buy : .sell) : .hold)
            last = sign
        }
        #expect(expected.filter { $0 != .hold }.count == 6)

        let acme = S.instrument()
        var engine = S.engine([.macdCross(fast: 12, slow: 26, signal: 9)])
        let signals = engine.consume(S.candles(IndicatorReferenceVectors.closes, for: acme), of: acme)
        #expect(signals.map(\.action) == expected)
        let first = signals.firstIndex { $0.action != .hold }!
        #expect(signals[first].strength == 1)
        #expect(signals[first].indicators["macd_12_26_9_histogram"]! > 0)
        #expect(signals[first].reason.hasPrefix("Buy: MACD(12, 26, 9) line crossed above its signal line"))
    }

    @Test func invalidRulesAreRefused() {
        func error(_ rules: [SignalRule]) -> SignalRuleError? {
            do { _ = try SignalEngine(rules: rules); return nil } catch { return error }
        }
        #expect(error([]) == .noRules)
        #expect(error([.movingAverageCrossover(kind: .sma, fast: 30, slow: 10)])
            == .invalidParameter(rule: "sma_cross_30_10", reason: "fast must be shorter than slow"))
        #expect(error([.rsiBounds(period: 14, oversold: 70, overbought: 30)]) != nil)
        #expect(error([.rsiBounds(period: 0, oversold: 30, overbought: 70)]) != nil)
        #expect(error([.bollingerBreak(period: 1, deviations: 2, mode: .breakout)]) != nil)
        #expect(error([.bollingerBreak(period: 20, deviations: -1, mode: .breakout)]) != nil)
        #expect(error([.macdCross(fast: 12, slow: 26, signal: 1_001)]) != nil)
        #expect(error([.rsiBounds(period: 14, oversold: 30, overbought: 70), .rsiBounds(period: 14, oversold: 30, overbought: 70)])
            == .duplicateRule("rsi_14_30_70"))
        #expect(error(SignalRule.defaults) == nil)
        #expect(SignalRule.defaults.map(\.id) == ["sma_cross_10_30", "rsi_14_30_70", "bb_break_20_2_mean_reversion", "macd_cross_12_26_9"])
    }
}
