/// Why a decimal string was refused; `code` is stable and reaches the API's error JSON.
public enum DecimalParseError: Error, Equatable, Sendable {
    case empty
    case notADecimal
    case tooManyDecimals(allowed: Int)
    case negative
    case overflow

    /// A stable snake_case code for the API.
    public var code: String {
        switch self {
        case .empty, .notADecimal: return "invalid_decimal"
        case .tooManyDecimals: return "too_many_decimals"
        case .negative: return "negative_value"
        case .overflow: return "value_too_large"
        }
    }

    /// A human sentence for the API.
    public var reason: String {
        switch self {
        case .empty: return "an empty string is not a decimal number"
        case .notADecimal: return "not a decimal number (expected digits with an optional '.' and fraction, e.g. \"101.25\")"
        case .tooManyDecimals(let allowed): return "more than \(allowed) decimal places"
        case .negative: return "must not be negative"
        case .overflow: return "too large"
        }
    }
}
