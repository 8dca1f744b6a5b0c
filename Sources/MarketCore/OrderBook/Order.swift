/// An order as submitted to a book; ids are unique per book and chosen by the caller.
public struct Order: Hashable, Sendable {
    public var id: UInt64
    /// The account that owns the order; ids below `HouseAccounts.userOwnerFloor` belong to the simulator's agents.
    public var owner: UInt64
    public var side: Side
    public var type: OrderType
    public var timeInForce: TimeInForce
    public var quantity: Quantity
    /// Required for `limit` and `stopLimit`, refused otherwise.
    public var limitPrice: Price?
    /// Required for `stop` and `stopLimit`, refused otherwise.
    public var stopPrice: Price?

    public init(
        id: UInt64, owner: UInt64, side: Side, type: OrderType, timeInForce: TimeInForce,
        quantity: Quantity, limitPrice: Price? = nil, stopPrice: Price? = nil
    ) {
        self.id = id
        self.owner = owner
        self.side = side
        self.type = type
        self.timeInForce = timeInForce
        self.quantity = quantity
        self.limitPrice = limitPrice
        self.stopPrice = stopPrice
    }

    /// A limit order, the most common case in tests and agents.
    public static func limit(id: UInt64, owner: UInt64, _ side: Side, _ quantity: Int64, at price: Int64, tif: TimeInForce = .gtc) -> Order {
        Order(id: id, owner: owner, side: side, type: .limit, timeInForce: tif, quantity: Quantity(lots: quantity), limitPrice: Price(ticks: price))
    }

    /// A market order.
    public static func market(id: UInt64, owner: UInt64, _ side: Side, _ quantity: Int64, tif: TimeInForce = .ioc) -> Order {
        Order(id: id, owner: owner, side: side, type: .market, timeInForce: tif, quantity: Quantity(lots: quantity))
    }

    /// Checks the order's own fields against the instrument; the book adds the checks that need its state.
    public func validate(for instrument: Instrument) -> RejectCode? {
        guard quantity.lots > 0 else { return .invalidQuantity }
        guard quantity <= instrument.maxQuantity else { return .quantityTooLarge }
        switch type {
        case .market:
            if limitPrice != nil { return .limitPriceNotAllowed }
            if stopPrice != nil { return .stopPriceNotAllowed }
        case .limit:
            if limitPrice == nil { return .limitPriceRequired }
            if stopPrice != nil { return .stopPriceNotAllowed }
        case .stop:
            if stopPrice == nil { return .stopPriceRequired }
            if limitPrice != nil { return .limitPriceNotAllowed }
        case .stopLimit:
            if stopPrice == nil { return .stopPriceRequired }
            if limitPrice == nil { return .limitPriceRequired }
        }
        for price in [limitPrice, stopPrice] {
            guard let price else { continue }
            if price.ticks <= 0 { return .invalidPrice }
            if price > instrument.maxPrice { return .priceTooLarge }
        }
        return nil
    }
}
