import MarketCore

/// The book implementations every order-book test runs against.
enum BookKind: String, CaseIterable, CustomStringConvertible, Sendable {
    case reference, fast

    func make(_ instrument: Instrument = BookFixtures.stock) -> any OrderBook {
        switch self {
        case .reference: return ReferenceOrderBook(instrument: instrument)
        case .fast: return FastOrderBook(instrument: instrument)
        }
    }

    var description: String { rawValue }
}


enum BookFixtures {
    /// Tick 0.01, lot 1, maker 1 bps, taker 2 bps: ticks read as cents.
    static let stock = try! Instrument(
        symbol: "TEST", name: "Test Stock", kind: .stock, tickSize: "0.01", lotSize: "1",
        startingPrice: "100.00", makerFeeBps: 1, takerFeeBps: 2)

    /// Tick 0.01, lot 0.0001: one tick × one lot is exactly one micro-unit.
    static let crypto = try! Instrument(
        symbol: "COIN", name: "Test Coin", kind: .crypto, tickSize: "0.01", lotSize: "0.0001",
        startingPrice: "100.00", makerFeeBps: 2, takerFeeBps: 5, maxQuantity: "10000")

    /// Owner of a fixture order unless a test says otherwise: unique per id, so no accidental STP.
    static func owner(_ id: UInt64) -> UInt64 { 1000 + id }

    static func limit(_ id: UInt64, _ side: Side, _ qty: Int64, _ price: Int64, tif: TimeInForce = .gtc, owner: UInt64? = nil) -> OrderBookCommand {
        .place(Order(id: id, owner: owner ?? Self.owner(id), side: side, type: .limit, timeInForce: tif,
                     quantity: Quantity(lots: qty), limitPrice: Price(ticks: price)))
    }

    static func market(_ id: UInt64, _ side: Side, _ qty: Int64, tif: TimeInForce = .ioc, owner: UInt64? = nil) -> OrderBookCommand {
        .place(Order(id: id, owner: owner ?? Self.owner(id), side: side, type: .market, timeInForce: tif, quantity: Quantity(lots: qty)))
    }

    static func stop(_ id: UInt64, _ side: Side, _ qty: Int64, stop: Int64, limit: Int64? = nil, tif: TimeInForce = .gtc) -> OrderBookCommand {
        .place(Order(id: id, owner: Self.owner(id), side: side, type: limit == nil ? .stop : .stopLimit, timeInForce: tif,
                     quantity: Quantity(lots: qty), limitPrice: limit.map(Price.init(ticks:)), stopPrice: Price(ticks: stop)))
    }

    /// asks 101x10 (#1), 102x20 (#2), 102x5 (#3); bids 99x10 (#4), 98x15 (#5).
    static let standard: [OrderBookCommand] = [
        limit(1, .sell, 10, 101), limit(2, .sell, 20, 102), limit(3, .sell, 5, 102),
        limit(4, .buy, 10, 99), limit(5, .buy, 15, 98),
    ]
}

/// Compact, feature-file-like renderings of events and book states.
enum Render {
    static func event(_ event: OrderBookEvent) -> String {
        switch event {
        case .accepted(let id, _): return "accepted \(id)"
        case .rejected(let id, let code): return "rejected \(id) \(code.rawValue)"
        case .trade(let t): return "trade m\(t.makerOrderId) t\(t.takerOrderId) \(t.quantity.lots)@\(t.price.ticks)"
        case .canceled(let id, _, let remaining, let reason): return "canceled \(id) \(remaining.lots) \(reason.rawValue)"
        case .expired(let id, _, let remaining): return "expired \(id) \(remaining.lots)"
        case .triggered(let id, _): return "triggered \(id)"
        case .reduced(let id, _, let remaining): return "reduced \(id) to \(remaining.lots)"
        case .moved(let id, _, let price): return "moved \(id) to \(price.ticks)"
        }
    }

    static func events(_ events: [OrderBookEvent]) -> [String] { events.map(event) }

    static func side(_ levels: [DepthLevel]) -> String {
        levels.map { "\($0.price.ticks)x\($0.quantity.lots)(\($0.orderCount))" }.joined(separator: " ")
    }

    static func book(_ book: any OrderBook) -> String {
        "bids \(side(book.depth(.buy, levels: 100))) | asks \(side(book.depth(.sell, levels: 100)))"
    }
}
