/// An open order as the book holds it: resting at its limit, or a stop waiting for its trigger.
public struct RestingOrder: Hashable, Sendable {
    /// The order as placed (after a move, with its new limit price).
    public var order: Order
    public var remaining: Quantity
    /// True while a stop or stop-limit waits for its trigger (it is then not in the depth).
    public var isPendingStop: Bool

    public init(order: Order, remaining: Quantity, isPendingStop: Bool) {
        self.order = order
        self.remaining = remaining
        self.isPendingStop = isPendingStop
    }
}
