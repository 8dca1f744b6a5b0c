/// A trade as market data: which instrument and when.
public struct MarketTrade: Hashable, Sendable {
    public var symbol: String
    public var timeMillis: Int64
    public var trade: Trade
}

/// Top of book, last price and the UTC day's volume for one instrument.
public struct Quote: Hashable, Sendable {
    public var symbol: String
    public var bid: Price?
    public var bidSize: Quantity
    public var ask: Price?
    public var askSize: Quantity
    public var last: Price?
    /// Lots traded since 00:00 UTC.
    public var dayVolume: Quantity
    /// The reference for "change": the last price at the start of the UTC day (or the start/restored price).
    public var dayOpen: Price
    public var halted: Bool
    /// Whether the instrument's session is open.
    public var open: Bool
}

/// A candle that has closed and will not change again.
public struct ClosedCandle: Hashable, Sendable {
    public var symbol: String
    public var candle: Candle
}

/// A book event about a user's order that happened without the user acting (a fill of a resting
/// order, an expiry at session end, a stop triggering, a halt-independent cancel).
public struct UserOrderEvent: Hashable, Sendable {
    public var symbol: String
    public var timeMillis: Int64
    public var event: OrderBookEvent
}

/// What a simulator step produced, in order; the caller owns it and reuses its buffers.
public struct SimulatorOutput: Sendable {
    /// Every trade, house and user alike (including trades of user submissions since the last step).
    public var trades: [MarketTrade] = []
    /// Quotes of instruments whose top of book, last price or status changed.
    public var quotes: [Quote] = []
    public var closedCandles: [ClosedCandle] = []
    /// Events on user orders caused by the market rather than by a user command.
    public var userOrderEvents: [UserOrderEvent] = []

    public init() {}

    public mutating func removeAll() {
        trades.removeAll(keepingCapacity: true)
        quotes.removeAll(keepingCapacity: true)
        closedCandles.removeAll(keepingCapacity: true)
        userOrderEvents.removeAll(keepingCapacity: true)
    }

    public var isEmpty: Bool { trades.isEmpty && quotes.isEmpty && closedCandles.isEmpty && userOrderEvents.isEmpty }
}
