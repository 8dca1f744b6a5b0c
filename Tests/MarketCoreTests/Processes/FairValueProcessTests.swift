import Foundation
import MarketCore
import Testing

@Suite("Fair-value processes")
struct FairValueProcessTests {
    static func logReturns(_ process: inout FairValueProcess, steps: Int, dt: Double) -> [Double] {
        var out: [Double] = []
        out.reserveCapacity(steps)
        var previous = process.value
        for _ in 0..<steps {
            process.step(dt: dt)
            out.append(Foundation.log(process.value / previous))
            previous = process.value
        }
        return out
    }

    static func moments(_ xs: [Double]) -> (mean: Double, stdev: Double, kurtosis: Double) {
        let n = Double(xs.count)
        let mean = xs.reduce(0, +) / n
        let variance = xs.reduce(0) { $0 + ($1 - mean) * ($1 - mean) } / n
        let fourth = xs.reduce(0) { $0 + pow($1 - mean, 4) } / n
        return (mean, variance.squareRoot(), fourth / (variance * variance))
    }

    @Test func realisedVolatilityOfGBMMatchesTheParameter() {
        var process = FairValueProcess(initialValue: 100, parameters: FairValueParameters(drift: 0.05, volatility: 0.35), seed: 11)
        let dt = 60.0
        let returns = Self.logReturns(&process, steps: 100_000, dt: dt)
        let m = Self.moments(returns)
        let realised = m.stdev / (dt / FairValueParameters.secondsPerYear).squareRoot()
        // 100 000 samples: the standard error of the stdev is about 0.22 %; allow 2 %.
        #expect(abs(realised - 0.35) / 0.35 < 0.02, "realised \(realised)")
        #expect(abs(m.kurtosis - 3) < 0.1, "GBM returns are normal: kurtosis \(m.kurtosis)")
    }

    @Test func sameSeedSamePathBitForBit() {
        let parameters = FairValueParameters(drift: 0.1, volatility: 0.8, jumpIntensity: 5_000, jumpMean: -0.01, jumpStdev: 0.02, meanReversion: 50, target: 90)
        var a = FairValueProcess(initialValue: 100, parameters: parameters, seed: 5)
        var b = FairValueProcess(initialValue: 100, parameters: parameters, seed: 5)
        var c = FairValueProcess(initialValue: 100, parameters: parameters, seed: 6)
        let pa = (0..<5_000).map { _ in a.step(dt: 0.25); return a.value.bitPattern }
        let pb = (0..<5_000).map { _ in b.step(dt: 0.25); return b.value.bitPattern }
        let pc = (0..<5_000).map { _ in c.step(dt: 0.25); return c.value.bitPattern }
        #expect(pa == pb)
        #expect(pa != pc)
    }

    @Test func mertonJumpsFattenTheTails() {
        let parameters = FairValueParameters(volatility: 0.2, jumpIntensity: 20_000, jumpMean: 0, jumpStdev: 0.01)
        var process = FairValueProcess(initialValue: 100, parameters: parameters, seed: 3)
        let m = Self.moments(Self.logReturns(&process, steps: 50_000, dt: 60))
        #expect(m.kurtosis > 6, "kurtosis \(m.kurtosis)")
    }

    @Test func meanReversionPullsTowardTheTarget() {
        let parameters = FairValueParameters(volatility: 0.05, meanReversion: 5_000, target: 100)
        var process = FairValueProcess(initialValue: 150, parameters: parameters, seed: 9)
        for _ in 0..<(86_400 / 10) { process.step(dt: 10) }
        #expect(abs(process.value - 100) < 2, "value \(process.value)")
    }

    @Test func stochasticVolatilityKeepsUnitMeanSquare() {
        var sv = StochasticVolatility(seed: 4)
        var sumSq = 0.0
        var low = 0, high = 0
        let n = 400_000
        for _ in 0..<n {
            sv.step(dt: 5)
            sumSq += sv.multiplier * sv.multiplier
            if sv.multiplier < 0.6 { low += 1 }
            if sv.multiplier > 1.4 { high += 1 }
        }
        #expect(abs(sumSq / Double(n) - 1) < 0.08, "mean square \(sumSq / Double(n))")
        #expect(low > n / 20 && high > n / 20, "it really alternates calm and turbulent spells")
    }
}
