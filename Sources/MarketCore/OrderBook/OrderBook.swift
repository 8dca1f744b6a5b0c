/// A limit order book with price-time matching for one instrument.
///
/// Every implementation must produce exactly the same events and state for the same commands; the
/// test base runs one table of scenarios and seeded random flows against each of them.
///
/// Rules shared by all implementations:
/// - Trades happen at the maker's price; makers are matched best price first, then oldest first.
/// - Market orders (and triggered stops) walk the book; their remainder is canceled, never rests.
///   IOC remainders are canceled; FOK orders fill completely at once or are canceled untouched.
/// - Stops trigger when the last trade price reaches the stop (buy: last ≥ stop, sell: last ≤ stop),
///   including at placement if the last price is already there. Triggers are re-checked after every
///   trade, so they cascade; among several triggered stops the oldest goes first. A triggered order
///   takes its time priority from the moment it triggered.
/// - Self-trade prevention cancels the resting order (see `CancelReason.selfTradePrevention`): the
///   incoming order is the owner's latest intent, and an old quote of theirs standing in the way
///   is stale. The incoming order then keeps matching against other owners, so its fill never
///   depends on its owner's own stale orders. FOK fill-ability counts only other owners' quantity.
/// - Fees: see `FeeSchedule`.
public protocol OrderBook: Sendable {
    init(instrument: Instrument)
    var instrument: Instrument { get }
    /// The last trade's price; settable so a restarted simulator resumes where it was.
    var lastTradePrice: Price? { get set }
    var bestBid: Price? { get }
    var bestAsk: Price? { get }
    /// Open orders: resting plus pending stops.
    var orderCount: Int { get }

    /// Applies one command, appending what happened to `events` (which the caller reuses).
    mutating func apply(_ command: OrderBookCommand, into events: inout [OrderBookEvent])
    /// Expires every `day` order, resting or pending, oldest first (call at session end).
    mutating func expireDay(into events: inout [OrderBookEvent])

    /// Up to `levels` aggregated levels of `side`, best first.
    func depth(_ side: Side, levels: Int) -> [DepthLevel]
    func order(id: UInt64) -> RestingOrder?
    /// All open orders in canonical order: bids best to worst (oldest first within a level), then
    /// asks likewise, then pending stops oldest first. Replaying them as `.restore` rebuilds the book.
    func allOrders() -> [RestingOrder]
    /// Throws on the first broken invariant (crossed book, wrong level totals, empty orders…).
    func validateInvariants() throws(OrderBookInvariantError)
    /// A hash of `allOrders()` and the last price; equal for books in the same observable state.
    var stateHash: UInt64 { get }
}

extension OrderBook {
    /// Applies one command and returns its events (convenience for tests and cold paths).
    public mutating func apply(_ command: OrderBookCommand) -> [OrderBookEvent] {
        var events: [OrderBookEvent] = []
        apply(command, into: &events)
        return events
    }

    /// Whether a stop on `side` at `stop` fires once the last trade is at `last`.
    @inline(__always)
    static func stopTriggers(side: Side, stop: Int64, last: Int64) -> Bool {
        side == .buy ? last >= stop : last <= stop
    }

    /// Whether a taker on `side` with `limit` (nil = market) may trade at `price`.
    @inline(__always)
    static func acceptable(side: Side, limit: Int64?, price: Int64) -> Bool {
        guard let limit else { return true }
        return side == .buy ? price <= limit : price >= limit
    }

    /// Checks an order handed back from persistence before it is put in without matching.
    static func restoreProblem(_ resting: RestingOrder, instrument: Instrument) -> RejectCode? {
        let order = resting.order
        if let code = order.validate(for: instrument) { return code }
        guard resting.remaining.lots > 0, resting.remaining <= order.quantity else { return .invalidQuantity }
        if resting.isPendingStop {
            guard order.type == .stop || order.type == .stopLimit else { return .notRestorable }
        } else {
            guard order.type == .limit || order.type == .stopLimit else { return .notRestorable }
            guard order.timeInForce.canRest else { return .notRestorable }
        }
        return nil
    }
}
