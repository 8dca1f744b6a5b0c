/// An instruction to a book.
public enum OrderBookCommand: Hashable, Sendable {
    case place(Order)
    case cancel(orderId: UInt64)
    /// Takes `by` lots off a resting or pending order, keeping its priority; reducing to zero cancels it.
    case reduce(orderId: UInt64, by: Quantity)
    /// Gives a resting order a new limit price (it loses time priority and may trade at once).
    case move(orderId: UInt64, price: Price)
    /// Puts back an order from persistence as it was, without matching (rebuilding a book at start).
    case restore(RestingOrder)
}
