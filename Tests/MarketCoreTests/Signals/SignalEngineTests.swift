import MarketCore
import Testing

/// Aggregation, isolation and replay behaviour of the signal engine.
@Suite("Signal engine")
struct SignalEngineTests {
    typealias S = SignalTestSupport

    @Test func holdsWhenNothingFires() {
        // A flat market: averages equal up to rounding, RSI 50, zero-width bands, MACD 0.
        let acme = S.instrument()
        var engine = SignalEngine()
        #expect(engine.warmUpCandles == 34)
        let signals = engine.consume(S.candles(Array(repeating: 102.61, count: 60), for: acme), of: acme)
        #expect(signals.count == 60)
        #expect(signals.allSatisfy { $0.action == .hold && $0.strength == 0 })
        #expect(signals[0].reason == "Hold: no rule fired; 4 of 4 rules are still warming up.")
        #expect(signals[33].reason == "Hold: no rule fired on this candle.")
        let last = signals[59]
        #expect(last.indicators["close"] == 102.61)
        #expect(last.indicators["rsi_14"] == 50)
        #expect(Set(last.indicators.keys) == [
            "close", "sma_10", "sma_30", "rsi_14", "bb_20_2_lower", "bb_20_2_middle", "bb_20_2_upper",
            "macd_12_26_9_line", "macd_12_26_9_signal", "macd_12_26_9_histogram",
        ])
        #expect(last.votes.map(\.rule) == SignalRule.defaults.map(\.id))
    }

    /// RSI(3) hits 0 (buy, strength 1) and the close breaks below Bollinger(4, 1) by √3 − 1
    /// half-widths (buy): the score is their sum over the two rules.
    @Test func votesAddUpOverTheNumberOfRules() {
        let acme = S.instrument()
        var engine = S.engine([.rsiBounds(period: 3, oversold: 30, overbought: 70),
                               .bollingerBreak(period: 4, deviations: 1, mode: .meanReversion)])
        let last = engine.consume(S.candles([10, 10, 10, 10, 6], for: acme), of: acme).last!
        #expect(last.action == .buy)
        #expect(abs(last.strength - 3.0.squareRoot() / 2) < 1e-12)
        #expect(last.reason == "Buy: RSI(3) is 0.0, below the oversold bound 30. Close 6.00 is below the lower Bollinger(4, 1) band 7.27, stretched.")
    }

    /// RSI says buy at full strength; a breakout reading of a far break below a narrow band says
    /// sell at full strength (capped): they cancel.
    @Test func opposingFullVotesCancelToHold() {
        let acme = S.instrument()
        var engine = S.engine([.rsiBounds(period: 1, oversold: 30, overbought: 70),
                               .bollingerBreak(period: 2, deviations: 0.1, mode: .breakout)])
        let last = engine.consume(S.candles([10, 10, 6], for: acme), of: acme).last!
        #expect(last.votes.map(\.action) == [.buy, .sell])
        #expect(last.votes.map(\.strength) == [1, 1])
        #expect(last.action == .hold)
        #expect(last.strength == 0)
        #expect(last.reason.hasPrefix("Hold, the votes cancel out: RSI(1) is 0.0"))
    }

    @Test func strengthStaysWithinBoundsOnAWalk() {
        let acme = S.instrument()
        var engine = try! SignalEngine(rules: SignalRule.defaults + [.movingAverageCrossover(kind: .ema, fast: 5, slow: 13),
                                                                   .bollingerBreak(period: 10, deviations: 1, mode: .breakout)])
        var state: UInt64 = 7
        var price = 100.0
        var closes: [Double] = []
        for _ in 0..<5_000 {
            state = state &* 6364136223846793005 &+ 1442695040888963407
            price = max(1, price + (Double(state >> 11) / Double(1 << 53) - 0.5) * 2)
            closes.append((price * 100).rounded() / 100)
        }
        let signals = engine.consume(S.candles(closes, for: acme), of: acme)
        #expect(signals.count == closes.count)
        #expect(signals.allSatisfy { (0...1).contains($0.strength) })
        #expect(signals.allSatisfy { ($0.action == .hold) == ($0.strength == 0) })
        #expect(signals.allSatisfy { $0.votes.allSatisfy { (0...1).contains($0.strength) } })
        #expect(Set(signals.map(\.action)) == [.buy, .sell, .hold])
    }

    @Test func symbolsAndIntervalsAreIsolated() {
        let acme = S.instrument("ACME")
        let globx = S.instrument("GLOBX")
        let falling = S.candles((0..<40).map { 100 - Double($0) * 0.5 }, for: acme)
        let rising = S.candles((0..<40).map { 50 + Double($0) * 0.25 }, for: globx)

        var alone = SignalEngine()
        let acmeAlone = alone.consume(falling, of: acme)
        alone = SignalEngine()
        let globxAlone = alone.consume(rising, of: globx)

        var shared = SignalEngine()
        var acmeShared: [Signal] = []
        var globxShared: [Signal] = []
        for i in 0..<40 {
            globxShared.append(shared.consume(rising[i], of: globx)!)
            acmeShared.append(shared.consume(falling[i], of: acme)!)
        }
        #expect(acmeShared == acmeAlone)
        #expect(globxShared == globxAlone)
        #expect(acmeShared.last!.votes[1].action == .buy) // RSI 0 on the steady fall
        #expect(globxShared.last!.votes[1].action == .sell) // RSI 100 on the steady rise
        #expect(shared.latest(symbol: "ACME", interval: .oneMinute) == acmeAlone.last)

        // The same symbol at another interval starts from scratch.
        let fiveMinute = S.candles([100], for: acme, interval: .fiveMinutes, startIndex: 100)[0]
        #expect(shared.consume(fiveMinute, of: acme)?.votes.allSatisfy { $0.action == .hold && $0.reason.hasSuffix("to warm up.") } == true)
        shared.reset(symbol: "ACME")
        #expect(shared.lastCandleStart(symbol: "ACME", interval: .oneMinute) == nil)
        #expect(shared.lastCandleStart(symbol: "GLOBX", interval: .oneMinute) == rising.last!.startMillis)
    }

    @Test func replayedCandlesAreIgnoredAndRunsAreDeterministic() {
        let acme = S.instrument()
        let candles = S.candles(IndicatorReferenceVectors.closes, for: acme)
        var once = SignalEngine()
        let expected = once.consume(candles, of: acme)

        // Overlapping batches, as a job re-reading the last few candles every minute would send.
        var batched = SignalEngine()
        var got: [Signal] = []
        for end in stride(from: 10, through: candles.count + 9, by: 10) {
            got += batched.consume(candles[max(0, end - 15)..<min(end, candles.count)], of: acme)
        }
        #expect(got == expected)
        #expect(batched.consume(candles[5], of: acme) == nil)
        #expect(expected.contains { $0.action != .hold })
    }

    @Test func pricesAreConvertedFromTicks() {
        // Tick 0.25 at 2 decimals: 400 ticks are 100.00.
        let index = S.instrument("BIX", tickSize: "0.25", priceDecimals: 2)
        let candle = Candle(interval: .oneMinute, startMillis: S.t0, open: Price(ticks: 400), high: Price(ticks: 401),
                            low: Price(ticks: 399), close: Price(ticks: 401), volume: Quantity(lots: 1), tradeCount: 1)
        var engine = SignalEngine()
        #expect(engine.consume(candle, of: index)?.indicators["close"] == 100.25)
    }
}
