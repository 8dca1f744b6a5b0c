/// Which moving average a crossover rule compares.
public enum MovingAverageKind: String, Hashable, Sendable, Codable, CaseIterable {
    case sma
    case ema

    /// The name used in reasons, e.g. "SMA".
    var displayName: String { rawValue.uppercased() }
}
