import Foundation

/// What an agent may see when it acts: the market's public state plus the fair value it trades around.
public struct AgentContext: Sendable {
    public var instrument: Instrument
    public var nowMillis: Int64
    /// Seconds since the previous step.
    public var dt: Double
    public var fairValue: Double
    public var parameters: ScenarioParameters
    /// The current stochastic-volatility multiplier (1 on average).
    public var volatilityMultiplier: Double
    /// True while a shock event is in progress.
    public var stressed: Bool
    public var bestBid: Price?
    public var bestAsk: Price?
    public var lastPrice: Price?

    public init(instrument: Instrument, nowMillis: Int64, dt: Double, fairValue: Double, parameters: ScenarioParameters,
                volatilityMultiplier: Double, stressed: Bool, bestBid: Price?, bestAsk: Price?, lastPrice: Price?) {
        self.instrument = instrument
        self.nowMillis = nowMillis
        self.dt = dt
        self.fairValue = fairValue
        self.parameters = parameters
        self.volatilityMultiplier = volatilityMultiplier
        self.stressed = stressed
        self.bestBid = bestBid
        self.bestAsk = bestAsk
        self.lastPrice = lastPrice
    }

    /// A typical order size: about 10 000 currency units of the instrument, at least one lot.
    public var baseLots: Double {
        let lotValue = instrument.quantityValue(Quantity(lots: 1)) * fairValue
        return max(1, 10_000 / max(lotValue, 1e-9))
    }

    /// The value of one tick in currency units.
    public var tickValue: Double { instrument.priceValue(Price(ticks: 1)) }

    /// Volatility actually in force (scenario level times the clustering multiplier).
    public var effectiveVolatility: Double { parameters.volatility * volatilityMultiplier }

    /// Lots as a positive integer within the instrument's maximum.
    public func lots(_ value: Double) -> Quantity {
        Quantity(lots: Int64(min(max(value.rounded(), 1), Double(instrument.maxQuantity.lots))))
    }
}

/// Collects the orders agents send during a step and hands out agent order ids.
public struct AgentOrders: Sendable {
    public var commands: [OrderBookCommand] = []
    public private(set) var nextId: UInt64

    public init(nextId: UInt64 = HouseAccounts.agentOrderIdFloor) { self.nextId = nextId }

    /// Queues a new order and returns its id.
    @discardableResult
    public mutating func place(owner: UInt64, side: Side, type: OrderType, tif: TimeInForce, quantity: Quantity, limit: Price? = nil) -> UInt64 {
        let id = nextId
        nextId &+= 1
        commands.append(.place(Order(id: id, owner: owner, side: side, type: type, timeInForce: tif, quantity: quantity, limitPrice: limit)))
        return id
    }

    public mutating func cancel(_ id: UInt64) { commands.append(.cancel(orderId: id)) }
}
