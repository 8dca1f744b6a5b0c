/// The knobs of one instrument's simulated market; rates are annualised (see `FairValueParameters`).
public struct ScenarioParameters: Hashable, Sendable, Codable {
    public var drift: Double
    /// Annualised volatility, 0...5.
    public var volatility: Double
    /// Jumps per year.
    public var jumpIntensity: Double
    /// Mean log jump size.
    public var jumpMean: Double
    public var jumpStdev: Double
    /// The market makers' base quoted spread in basis points, 0...1000 (they widen it as volatility rises).
    public var spreadBps: Double
    /// Scales the agents' order sizes and activity, 0...10 (1 = normal, 0 = no house liquidity).
    public var liquidity: Double
    /// Mean-reversion speed per year toward the level the scenario started from; 0 disables it.
    public var meanReversion: Double

    enum CodingKeys: String, CodingKey {
        case drift, volatility, liquidity
        case jumpIntensity = "jump_intensity", jumpMean = "jump_mean", jumpStdev = "jump_stdev"
        case spreadBps = "spread_bps", meanReversion = "mean_reversion"
    }

    public init(drift: Double = 0, volatility: Double = 0.2, jumpIntensity: Double = 0, jumpMean: Double = 0,
                jumpStdev: Double = 0, spreadBps: Double = 5, liquidity: Double = 1, meanReversion: Double = 0) {
        self.drift = drift
        self.volatility = volatility
        self.jumpIntensity = jumpIntensity
        self.jumpMean = jumpMean
        self.jumpStdev = jumpStdev
        self.spreadBps = spreadBps
        self.liquidity = liquidity
        self.meanReversion = meanReversion
    }

    /// Allowed ranges by API field name: wide enough for stress tests, narrow enough to stay sane.
    public static let allowedRanges: [String: ClosedRange<Double>] = [
        "drift": -10...10, "volatility": 0...5, "jump_intensity": 0...100_000, "jump_mean": -0.5...0.5,
        "jump_stdev": 0...0.5, "spread_bps": 0...1000, "liquidity": 0...10, "mean_reversion": 0...100_000,
    ]

    /// The fields by API name, in a fixed order.
    public var fields: [(name: String, value: Double)] {
        [("drift", drift), ("volatility", volatility), ("jump_intensity", jumpIntensity), ("jump_mean", jumpMean),
         ("jump_stdev", jumpStdev), ("spread_bps", spreadBps), ("liquidity", liquidity), ("mean_reversion", meanReversion)]
    }

    /// Throws the first field that is not finite or out of its range.
    public func validate() throws(ScenarioError) {
        for (name, value) in fields {
            guard value.isFinite else { throw .notFinite(field: name) }
            if let range = Self.allowedRanges[name], !range.contains(value) {
                throw .outOfRange(field: name, value: value, allowed: range)
            }
        }
    }

    /// Linear interpolation, `fraction` 0 giving `self` and 1 giving `other`.
    public func interpolated(to other: ScenarioParameters, fraction: Double) -> ScenarioParameters {
        let f = min(max(fraction, 0), 1)
        func mix(_ a: Double, _ b: Double) -> Double { a + (b - a) * f }
        return ScenarioParameters(
            drift: mix(drift, other.drift), volatility: mix(volatility, other.volatility),
            jumpIntensity: mix(jumpIntensity, other.jumpIntensity), jumpMean: mix(jumpMean, other.jumpMean),
            jumpStdev: mix(jumpStdev, other.jumpStdev), spreadBps: mix(spreadBps, other.spreadBps),
            liquidity: mix(liquidity, other.liquidity), meanReversion: mix(meanReversion, other.meanReversion))
    }
}
