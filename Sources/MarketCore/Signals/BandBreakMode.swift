/// How a Bollinger band break is read.
public enum BandBreakMode: String, Hashable, Sendable, Codable, CaseIterable {
    /// A close above the upper band is stretched and votes sell; below the lower band votes buy.
    case meanReversion = "mean_reversion"
    /// A close above the upper band is a breakout and votes buy; below the lower band votes sell.
    case breakout
}
