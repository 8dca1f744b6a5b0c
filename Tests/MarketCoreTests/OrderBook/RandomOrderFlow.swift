import MarketCore

/// A seeded stream of book commands in exchange-core's spirit: mostly new limits, cancels and
/// moves around a wandering mid, some IOC/FOK/market, stops, a few owners so self-trades occur.
struct RandomOrderFlow {
    private var rng: Xoshiro256StarStar
    private var nextId: UInt64 = 1
    private var mid: Int64 = 1_000
    private(set) var placed: [UInt64: Order] = [:]

    init(seed: UInt64) { rng = Xoshiro256StarStar(seed: seed) }

    /// nil means "end the session" (expire day orders).
    mutating func next() -> OrderBookCommand? {
        if rng.nextBool(probability: 0.05) { mid = max(30, mid + rng.nextInt(in: -3...3)) }
        if rng.nextBool(probability: 0.0005) { return nil }
        let roll = rng.nextUnit()
        let recent = nextId > 1 ? nextId - UInt64(rng.nextInt(in: 1...Int64(min(nextId - 1, 300)))) : 1
        switch roll {
        case ..<0.20:
            return .cancel(orderId: recent)
        case ..<0.40:
            return .move(orderId: recent, price: Price(ticks: mid + rng.nextInt(in: -12...12)))
        case ..<0.45:
            return .reduce(orderId: recent, by: Quantity(lots: rng.nextInt(in: 0...20)))
        default:
            return .place(newOrder(roll))
        }
    }

    private mutating func newOrder(_ roll: Double) -> Order {
        let id = nextId
        nextId += 1
        let side: Side = rng.nextBool(probability: 0.5) ? .buy : .sell
        let owner = UInt64(1000 + rng.nextInt(in: 0...7))
        let qty = Quantity(lots: rng.nextInt(in: 1...60))
        // Buys centre a little below the mid and sells above, so the book builds depth yet crosses often.
        let skew: Int64 = side == .buy ? -2 : 2
        let price = Price(ticks: max(1, mid + skew + rng.nextInt(in: -10...10)))
        let tifs: [TimeInForce] = [.gtc, .gtc, .gtc, .day]
        let restingTif = tifs[Int(rng.nextInt(in: 0...3))]
        var order: Order
        switch roll {
        case ..<0.80:
            order = Order(id: id, owner: owner, side: side, type: .limit, timeInForce: restingTif, quantity: qty, limitPrice: price)
        case ..<0.87:
            order = Order(id: id, owner: owner, side: side, type: .limit, timeInForce: .ioc, quantity: qty, limitPrice: price)
        case ..<0.90:
            order = Order(id: id, owner: owner, side: side, type: .limit, timeInForce: .fok, quantity: qty, limitPrice: price)
        case ..<0.94:
            let tif = TimeInForce.allCases[Int(rng.nextInt(in: 0...3))]
            order = Order(id: id, owner: owner, side: side, type: .market, timeInForce: tif, quantity: Quantity(lots: rng.nextInt(in: 1...25)))
        case ..<0.99:
            let away = rng.nextInt(in: 1...8)
            let stop = Price(ticks: max(1, side == .buy ? mid + away : mid - away))
            let withLimit = rng.nextBool(probability: 0.5)
            let limit = Price(ticks: max(1, stop.ticks + (side == .buy ? 2 : -2)))
            order = Order(id: id, owner: owner, side: side, type: withLimit ? .stopLimit : .stop, timeInForce: restingTif,
                          quantity: qty, limitPrice: withLimit ? limit : nil, stopPrice: stop)
        default:
            // Occasionally malformed or duplicate, to exercise rejections.
            order = Order(id: rng.nextBool(probability: 0.5) ? max(1, id - 1) : id, owner: owner, side: side, type: .limit,
                          timeInForce: .gtc, quantity: Quantity(lots: rng.nextInt(in: -1...1)), limitPrice: price)
        }
        if placed[order.id] == nil { placed[order.id] = order }
        return order
    }
}

/// Follows every order's expected remaining quantity through the events and checks the book agrees:
/// quantities are conserved, and no order is both done (filled, canceled, expired) and still resting.
struct OrderLedger {
    private(set) var open: [UInt64: Int64] = [:]
    private(set) var trades = 0
    private(set) var filledLots: Int64 = 0

    mutating func record(_ command: OrderBookCommand?, _ events: [OrderBookEvent]) -> [String] {
        var problems: [String] = []
        for event in events {
            switch event {
            case .accepted(let id, _):
                guard case .place(let order)? = command, open[id] == nil else {
                    problems.append("unexpected accept of \(id)")
                    continue
                }
                open[id] = order.quantity.lots
            case .trade(let t):
                trades += 1
                filledLots += t.quantity.lots
                for (id, left) in [(t.makerOrderId, t.makerRemaining), (t.takerOrderId, t.takerRemaining)] {
                    guard let have = open[id] else { problems.append("trade for closed order \(id)"); continue }
                    if have - t.quantity.lots != left.lots { problems.append("order \(id) had \(have), traded \(t.quantity.lots), reports \(left.lots)") }
                    open[id] = left.lots == 0 ? nil : left.lots
                }
                if t.makerOwner == t.takerOwner { problems.append("self trade \(t)") }
            case .canceled(let id, _, let remaining, _), .expired(let id, _, let remaining):
                if open[id] != remaining.lots { problems.append("order \(id) closed with \(remaining.lots), expected \(String(describing: open[id]))") }
                open[id] = nil
            case .reduced(let id, _, let remaining):
                guard let have = open[id], remaining.lots < have, remaining.lots > 0 else { problems.append("bad reduce of \(id)"); continue }
                open[id] = remaining.lots
            case .rejected, .triggered, .moved:
                break
            }
        }
        return problems
    }

    /// Every open order rests with exactly its expected remaining, and nothing else rests.
    func check(_ book: any OrderBook) -> [String] {
        var problems: [String] = []
        if book.orderCount != open.count { problems.append("book holds \(book.orderCount) orders, ledger \(open.count)") }
        for (id, remaining) in open where book.order(id: id)?.remaining.lots != remaining {
            problems.append("order \(id) should rest with \(remaining), book has \(String(describing: book.order(id: id)))")
        }
        return problems
    }
}
