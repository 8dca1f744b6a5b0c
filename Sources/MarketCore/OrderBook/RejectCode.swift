/// Why a book refused a command; the raw value is a stable snake_case code for the API.
public enum RejectCode: String, Hashable, Sendable, Codable, CaseIterable {
    case invalidQuantity = "invalid_quantity"
    case quantityTooLarge = "qty_too_large"
    case invalidPrice = "invalid_price"
    case priceTooLarge = "price_too_large"
    case limitPriceRequired = "limit_price_required"
    case limitPriceNotAllowed = "limit_price_not_allowed"
    case stopPriceRequired = "stop_price_required"
    case stopPriceNotAllowed = "stop_price_not_allowed"
    case duplicateOrderId = "duplicate_order_id"
    case orderNotFound = "order_not_found"
    case orderNotMovable = "order_not_movable"
    case wouldCross = "would_cross"
    case notRestorable = "order_not_restorable"
    // Raised by the simulator in front of the book rather than by the book itself.
    case instrumentHalted = "instrument_halted"
    case marketClosed = "market_closed"
    case reservedOwner = "reserved_owner"
    case reservedOrderId = "reserved_order_id"
    case unknownSymbol = "unknown_symbol"

    /// A human sentence for the API.
    public var reason: String {
        switch self {
        case .invalidQuantity: return "quantity must be greater than zero"
        case .quantityTooLarge: return "quantity exceeds the instrument's maximum"
        case .invalidPrice: return "price must be greater than zero"
        case .priceTooLarge: return "price exceeds the instrument's maximum"
        case .limitPriceRequired: return "this order type needs a limit price"
        case .limitPriceNotAllowed: return "this order type takes no limit price"
        case .stopPriceRequired: return "this order type needs a stop price"
        case .stopPriceNotAllowed: return "this order type takes no stop price"
        case .duplicateOrderId: return "an open order with this id already exists"
        case .orderNotFound: return "no open order with this id"
        case .orderNotMovable: return "only an order resting in the book can be moved"
        case .wouldCross: return "restoring this order would cross the book"
        case .notRestorable: return "only resting limit orders and pending stops can be restored"
        case .instrumentHalted: return "trading in this instrument is halted"
        case .marketClosed: return "the instrument's session is closed"
        case .reservedOwner: return "this account id is reserved for the simulator"
        case .reservedOrderId: return "this order id is reserved for the simulator"
        case .unknownSymbol: return "no such instrument"
        }
    }
}
