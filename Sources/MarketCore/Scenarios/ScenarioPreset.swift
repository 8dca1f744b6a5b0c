/// Named market moods an administrator can pick instead of setting each parameter.
public enum ScenarioPreset: String, Hashable, Sendable, Codable, CaseIterable {
    case calm
    case trendingUp = "trending_up"
    case trendingDown = "trending_down"
    case volatile
    case crash
    case recovery

    /// The preset's parameters; all pass `ScenarioParameters.validate()`.
    public var parameters: ScenarioParameters {
        switch self {
        case .calm:
            return ScenarioParameters(drift: 0.03, volatility: 0.15, spreadBps: 4, liquidity: 1.2)
        case .trendingUp:
            return ScenarioParameters(drift: 2.5, volatility: 0.25, jumpIntensity: 100, jumpMean: 0.005, jumpStdev: 0.01, spreadBps: 6, liquidity: 1)
        case .trendingDown:
            return ScenarioParameters(drift: -2.5, volatility: 0.3, jumpIntensity: 100, jumpMean: -0.005, jumpStdev: 0.01, spreadBps: 7, liquidity: 0.9)
        case .volatile:
            return ScenarioParameters(drift: 0, volatility: 1.2, jumpIntensity: 800, jumpMean: 0, jumpStdev: 0.02, spreadBps: 20, liquidity: 0.6)
        case .crash:
            return ScenarioParameters(drift: -6, volatility: 2, jumpIntensity: 3000, jumpMean: -0.02, jumpStdev: 0.02, spreadBps: 60, liquidity: 0.3)
        case .recovery:
            return ScenarioParameters(drift: 3, volatility: 0.6, jumpIntensity: 300, jumpMean: 0.01, jumpStdev: 0.015, spreadBps: 15, liquidity: 0.8, meanReversion: 0)
        }
    }

    /// Parses an API preset name.
    public static func named(_ name: String) throws(ScenarioError) -> ScenarioPreset {
        guard let preset = ScenarioPreset(rawValue: name) else { throw .unknownPreset(name) }
        return preset
    }
}
