import Foundation

/// A volatility multiplier following an Ornstein–Uhlenbeck process in log space, so that calm and
/// turbulent spells alternate (volatility clustering) while its mean square stays 1 and the
/// scenario's volatility remains the long-run level.
public struct StochasticVolatility: Sendable {
    /// Mean-reversion rate per second of the log multiplier.
    public var reversionPerSecond: Double
    /// Stationary standard deviation of the log multiplier.
    public var logStdev: Double
    private var logLevel: Double = 0
    private var rng: Xoshiro256StarStar

    public init(reversionPerSecond: Double = 1.0 / 900, logStdev: Double = 0.45, seed: UInt64) {
        self.reversionPerSecond = reversionPerSecond
        self.logStdev = logStdev
        self.rng = Xoshiro256StarStar(seed: seed)
    }

    /// The current multiplier, normalised so E[m²] = 1 at stationarity.
    public var multiplier: Double { Foundation.exp(logLevel - logStdev * logStdev) }

    /// Advances by `dt` seconds with the exact OU transition.
    public mutating func step(dt: Double) {
        guard dt > 0, logStdev > 0 else { return }
        let decay = Foundation.exp(-reversionPerSecond * dt)
        let noise = logStdev * (1 - decay * decay).squareRoot()
        logLevel = logLevel * decay + noise * rng.nextStandardNormal()
    }
}
