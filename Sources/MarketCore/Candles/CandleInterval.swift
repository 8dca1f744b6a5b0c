/// The candle widths the market aggregates; raw values are the API's `interval` names.
public enum CandleInterval: String, Hashable, Sendable, Codable, CaseIterable {
    case oneSecond = "1s"
    case oneMinute = "1m"
    case fiveMinutes = "5m"
    case oneHour = "1h"
    case oneDay = "1d"

    public var millis: Int64 {
        switch self {
        case .oneSecond: return 1_000
        case .oneMinute: return 60_000
        case .fiveMinutes: return 300_000
        case .oneHour: return 3_600_000
        case .oneDay: return 86_400_000
        }
    }

    /// The start of the UTC bucket holding `epochMillis` (buckets are aligned to the Unix epoch).
    @inline(__always)
    public func bucketStart(_ epochMillis: Int64) -> Int64 {
        let q = epochMillis / millis
        return (epochMillis % millis < 0 ? q - 1 : q) * millis
    }
}
