/// Why a price or quantity string was refused for an instrument; `code` is stable for the API.
public enum InstrumentValueError: Error, Equatable, Sendable {
    case decimal(DecimalParseError)
    case notPositive
    case priceOffTick(tickSize: String)
    case quantityNotLotMultiple(lotSize: String)
    case tooLarge(maximum: String)

    /// A stable snake_case code for the API.
    public var code: String {
        switch self {
        case .decimal(let error): return error.code
        case .notPositive: return "must_be_positive"
        case .priceOffTick: return "price_off_tick"
        case .quantityNotLotMultiple: return "qty_not_lot_multiple"
        case .tooLarge: return "value_too_large"
        }
    }

    /// A human sentence for the API.
    public var reason: String {
        switch self {
        case .decimal(let error): return error.reason
        case .notPositive: return "must be greater than zero"
        case .priceOffTick(let tick): return "price is not a multiple of the tick size \(tick)"
        case .quantityNotLotMultiple(let lot): return "quantity is not a multiple of the lot size \(lot)"
        case .tooLarge(let maximum): return "larger than the maximum \(maximum)"
        }
    }
}
