import Foundation

/// The fair value of an instrument: GBM with Merton jumps and optional mean reversion, in log space.
///
/// Per step of `dt` years: d ln S = (μ − σ²/2 − λk) dt + σ √dt Z + Σ jumps + κ (ln target − ln S) dt,
/// with k = E[e^J − 1] so jumps do not change the expected drift. With κ = 0 and λ = 0 it is exact
/// GBM. The generator is owned by the process, so the same seed and the same calls give the same
/// path bit for bit.
public struct FairValueProcess: Sendable {
    public private(set) var value: Double
    public var parameters: FairValueParameters
    private var rng: Xoshiro256StarStar

    public init(initialValue: Double, parameters: FairValueParameters, seed: UInt64) {
        precondition(initialValue > 0 && initialValue.isFinite, "a fair value must be positive and finite")
        self.value = initialValue
        self.parameters = parameters
        self.rng = Xoshiro256StarStar(seed: seed)
    }

    /// Advances by `dt` seconds. `volatilityMultiplier` scales σ (stochastic volatility);
    /// `extraLogReturn` adds a deterministic move (scenario events), also to the mean-reversion target
    /// so a shock is a new level rather than something to revert from.
    public mutating func step(dt: Double, volatilityMultiplier: Double = 1, extraLogReturn: Double = 0) {
        guard dt > 0 else {
            if extraLogReturn != 0 { shift(logReturn: extraLogReturn) }
            return
        }
        let p = parameters
        let t = dt / FairValueParameters.secondsPerYear
        let sigma = p.volatility * volatilityMultiplier
        let z = rng.nextStandardNormal()
        let compensation = p.jumpIntensity > 0 ? p.jumpIntensity * (Foundation.exp(p.jumpMean + 0.5 * p.jumpStdev * p.jumpStdev) - 1) : 0
        var dx = (p.drift - 0.5 * sigma * sigma - compensation) * t + sigma * t.squareRoot() * z
        if p.jumpIntensity > 0 {
            let jumps = rng.nextPoisson(mean: p.jumpIntensity * t)
            for _ in 0..<jumps { dx += rng.nextNormal(mean: p.jumpMean, stdev: p.jumpStdev) }
        }
        if p.meanReversion > 0, let target = p.target, target > 0 {
            // Clamped so a huge κ·dt lands on the target instead of overshooting past it.
            dx += min(p.meanReversion * t, 1) * (Foundation.log(target) - Foundation.log(value))
        }
        value *= Foundation.exp(dx)
        if extraLogReturn != 0 { shift(logReturn: extraLogReturn) }
        value = min(max(value, 1e-9), 1e15)
    }

    /// Moves the value (and the mean-reversion target) by a log-return at once.
    public mutating func shift(logReturn: Double) {
        let factor = Foundation.exp(logReturn)
        value = min(max(value * factor, 1e-9), 1e15)
        if let target = parameters.target { parameters.target = target * factor }
    }

    /// Puts the value somewhere else (a restart resuming from the last traded price).
    public mutating func reset(value newValue: Double) {
        guard newValue > 0, newValue.isFinite else { return }
        value = newValue
    }
}
