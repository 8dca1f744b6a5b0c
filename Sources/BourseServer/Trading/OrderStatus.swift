/// An order's lifecycle state, with Alpaca's names.
enum OrderStatus: String, Sendable, Codable, CaseIterable {
    case new
    case partiallyFilled = "partially_filled"
    case filled
    case canceled
    case expired
    case rejected

    /// Whether the order can still trade (resting, or a stop waiting for its trigger).
    var isOpen: Bool { self == .new || self == .partiallyFilled }
}

/// The `status` filter of `GET /trading/orders`.
enum OrderListFilter: String, CaseIterable {
    case open, closed, all
}
