/// Everything a book reports while applying a command, in the order it happened.
///
/// An order's life: `accepted`, then any of `triggered` (stops), `trade`s, `moved`/`reduced`, and it
/// ends with a trade whose remaining is zero, `canceled`, `expired` — or it stays resting.
/// A refused command yields only `rejected`.
public enum OrderBookEvent: Hashable, Sendable {
    case accepted(orderId: UInt64, owner: UInt64)
    case rejected(orderId: UInt64, code: RejectCode)
    case trade(Trade)
    case canceled(orderId: UInt64, owner: UInt64, remaining: Quantity, reason: CancelReason)
    case expired(orderId: UInt64, owner: UInt64, remaining: Quantity)
    /// A stop order's condition was met; it now works as a market or limit order.
    case triggered(orderId: UInt64, owner: UInt64)
    case reduced(orderId: UInt64, owner: UInt64, remaining: Quantity)
    /// The order took a new limit price and lost its time priority.
    case moved(orderId: UInt64, owner: UInt64, price: Price)
}
