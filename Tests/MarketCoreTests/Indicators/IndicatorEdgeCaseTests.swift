import MarketCore
import Testing

@Suite("Indicator edge cases")
struct IndicatorEdgeCaseTests {
    @Test func warmUpCountsMatchTheFirstValue() {
        func firstValueIndex(_ update: (Double) -> Bool) -> Int? {
            (1...100).first { update(100 + Double($0 % 7)) }
        }
        var sma = SimpleMovingAverage(period: 5)
        var ema = ExponentialMovingAverage(period: 5)
        var rsi = RelativeStrengthIndex(period: 5)
        var macd = MovingAverageConvergenceDivergence(fast: 3, slow: 6, signal: 4)
        var bands = BollingerBands(period: 5)
        var atr = AverageTrueRange(period: 5)
        #expect(firstValueIndex { sma.update($0) != nil } == sma.warmUpCount)
        #expect(firstValueIndex { ema.update($0) != nil } == ema.warmUpCount)
        #expect(firstValueIndex { rsi.update($0) != nil } == rsi.warmUpCount)
        #expect(firstValueIndex { macd.update($0) != nil } == macd.warmUpCount)
        #expect(firstValueIndex { bands.update($0) != nil } == bands.warmUpCount)
        #expect(firstValueIndex { atr.update(high: $0 + 1, low: $0 - 1, close: $0) != nil } == atr.warmUpCount)
    }

    @Test func emaIsSeededWithTheSMA() {
        var ema = ExponentialMovingAverage(period: 3)
        #expect(ema.update(1) == nil)
        #expect(ema.update(2) == nil)
        #expect(ema.update(6) == 3)
        // alpha = 0.5: 3 + 0.5 × (7 − 3)
        #expect(ema.update(7) == 5)
    }

    @Test func rsiConventionsAtTheExtremes() {
        var rising = RelativeStrengthIndex(period: 3)
        var falling = RelativeStrengthIndex(period: 3)
        var flat = RelativeStrengthIndex(period: 3)
        for i in 0..<10 {
            rising.update(Double(10 + i))
            falling.update(Double(10 - i))
            flat.update(10)
        }
        #expect(rising.value == 100)
        #expect(falling.value == 0)
        #expect(flat.value == 50)
    }

    @Test func flatWindowHasZeroWidthBands() {
        var bands = BollingerBands(period: 4, deviations: 2)
        for x in [101.0, 99, 103, 98, 100, 100, 100, 100, 100] { bands.update(x) }
        let value = bands.value
        #expect(value?.standardDeviation == 0)
        #expect(value?.upper == 100 && value?.lower == 100)
        #expect(value?.percentB(of: 100) == nil)
    }

    /// A long stream at a high price level with a small spread: the running sums must not drift
    /// and the variance must not cancel away. Compared with a naive two-pass over each window.
    @Test func longStreamStaysExactAtHighPrices() {
        var sma = SimpleMovingAverage(period: 50)
        var bands = BollingerBands(period: 50, deviations: 2)
        var window: [Double] = []
        var state: UInt64 = 42
        for i in 0..<200_000 {
            state = state &* 6364136223846793005 &+ 1442695040888963407
            let x = 64_250 + Double(state >> 40) / Double(1 << 24) // 64250 + [0, 1)
            let mean = sma.update(x)
            let band = bands.update(x)
            window.append(x)
            if window.count > 50 { window.removeFirst() }
            guard i % 997 == 0, window.count == 50 else { continue }
            let m = window.reduce(0, +) / 50
            let sd = (window.reduce(0) { $0 + ($1 - m) * ($1 - m) } / 50).squareRoot()
            #expect(matches(mean, m, tolerance: 1e-12))
            #expect(matches(band?.standardDeviation, sd, tolerance: 1e-7), "\(String(describing: band?.standardDeviation)) vs \(sd)")
        }
    }

    @Test func atrUsesGapsFromThePreviousClose() {
        var atr = AverageTrueRange(period: 2)
        atr.update(high: 11, low: 9, close: 10) // TR 2 (high − low)
        // Gap up: |high − previous close| = 15 − 10 = 5 beats high − low = 1.
        #expect(atr.update(high: 15, low: 14, close: 14.5) == 3.5)
        // Gap down: |low − previous close| = 14.5 − 10 = 4.5; Wilder: (3.5 × 1 + 4.5) / 2.
        #expect(atr.update(high: 11, low: 10, close: 10.5) == 4)
    }
}
