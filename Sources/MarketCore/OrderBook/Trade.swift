/// One execution between a resting (maker) order and an incoming (taker) order.
public struct Trade: Hashable, Sendable {
    public var makerOrderId: UInt64
    public var makerOwner: UInt64
    public var takerOrderId: UInt64
    public var takerOwner: UInt64
    /// The taker's side: `.buy` means the trade lifted an offer.
    public var aggressor: Side
    /// Always the maker's resting price.
    public var price: Price
    public var quantity: Quantity
    /// price × quantity, exact.
    public var notional: Money
    public var makerFee: Money
    public var takerFee: Money
    /// What is left of the maker order after this trade; zero means it is done and gone.
    public var makerRemaining: Quantity
    /// What is left of the taker order after this trade; zero means it is done.
    public var takerRemaining: Quantity

    public init(
        makerOrderId: UInt64, makerOwner: UInt64, takerOrderId: UInt64, takerOwner: UInt64,
        aggressor: Side, price: Price, quantity: Quantity, notional: Money,
        makerFee: Money, takerFee: Money, makerRemaining: Quantity, takerRemaining: Quantity
    ) {
        self.makerOrderId = makerOrderId
        self.makerOwner = makerOwner
        self.takerOrderId = takerOrderId
        self.takerOwner = takerOwner
        self.aggressor = aggressor
        self.price = price
        self.quantity = quantity
        self.notional = notional
        self.makerFee = makerFee
        self.takerFee = takerFee
        self.makerRemaining = makerRemaining
        self.takerRemaining = takerRemaining
    }
}
