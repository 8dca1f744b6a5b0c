/// Parameters of a fair-value process; rates are annualised over a calendar year of seconds.
public struct FairValueParameters: Hashable, Sendable {
    /// Expected log-return per year (the GBM drift μ).
    public var drift: Double
    /// Annualised volatility σ (0.2 = 20 %).
    public var volatility: Double
    /// Expected number of Merton jumps per year.
    public var jumpIntensity: Double
    /// Mean of the log jump size.
    public var jumpMean: Double
    /// Standard deviation of the log jump size.
    public var jumpStdev: Double
    /// Speed κ per year at which the log value is pulled toward `target`; 0 disables it.
    public var meanReversion: Double
    /// The level mean reversion pulls toward; nil disables it.
    public var target: Double?

    public init(drift: Double = 0, volatility: Double = 0, jumpIntensity: Double = 0, jumpMean: Double = 0,
                jumpStdev: Double = 0, meanReversion: Double = 0, target: Double? = nil) {
        self.drift = drift
        self.volatility = volatility
        self.jumpIntensity = jumpIntensity
        self.jumpMean = jumpMean
        self.jumpStdev = jumpStdev
        self.meanReversion = meanReversion
        self.target = target
    }

    /// Seconds in the year the rates are annualised over (365.25 days, since the market runs on calendar time).
    public static let secondsPerYear: Double = 365.25 * 86_400
}
