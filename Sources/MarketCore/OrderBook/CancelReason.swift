/// Why an accepted order (or its remainder) left the book without filling; raw values are stable codes.
public enum CancelReason: String, Hashable, Sendable, Codable, CaseIterable {
    /// The owner asked (cancel, or a reduce down to nothing).
    case requested = "canceled"
    /// The order rested and a newer order of the same owner would have traded with it.
    case selfTradePrevention = "self_trade_prevention"
    /// The unfilled remainder of an IOC order.
    case iocUnfilled = "ioc_unfilled"
    /// The unfilled remainder of a market order: the book ran out of opposite liquidity.
    case marketUnfilled = "no_liquidity"
    /// A FOK order that the book could not fill completely at once.
    case fokUnfillable = "fok_not_fillable"
}
