/// The obviously-correct book: sorted arrays and linear scans. It is the oracle the fast book is
/// checked against, so it favours plainness over speed.
public struct ReferenceOrderBook: OrderBook {
    struct Entry: Hashable, Sendable {
        var order: Order
        var remaining: Int64
        var seq: UInt64
        var pending: Bool

        var price: Int64 { order.limitPrice?.ticks ?? 0 }
        var resting: RestingOrder { RestingOrder(order: order, remaining: Quantity(lots: remaining), isPendingStop: pending) }
    }

    public let instrument: Instrument
    private let fees: FeeSchedule
    /// Best first: price descending, then oldest first.
    private var bids: [Entry] = []
    /// Best first: price ascending, then oldest first.
    private var asks: [Entry] = []
    /// Oldest first.
    private var stops: [Entry] = []
    private var nextSeq: UInt64 = 1
    public var lastTradePrice: Price?

    public init(instrument: Instrument) {
        self.instrument = instrument
        self.fees = FeeSchedule(instrument)
    }

    public var bestBid: Price? { bids.first?.order.limitPrice }
    public var bestAsk: Price? { asks.first?.order.limitPrice }
    public var orderCount: Int { bids.count + asks.count + stops.count }

    public mutating func apply(_ command: OrderBookCommand, into events: inout [OrderBookEvent]) {
        switch command {
        case .place(let order):
            place(order, &events)
        case .cancel(let id):
            guard let entry = remove(id: id) else { return events.append(.rejected(orderId: id, code: .orderNotFound)) }
            events.append(.canceled(orderId: id, owner: entry.order.owner, remaining: Quantity(lots: entry.remaining), reason: .requested))
        case .reduce(let id, let by):
            guard by.lots > 0 else { return events.append(.rejected(orderId: id, code: .invalidQuantity)) }
            guard let entry = find(id: id) else { return events.append(.rejected(orderId: id, code: .orderNotFound)) }
            if by.lots >= entry.remaining {
                _ = remove(id: id)
                events.append(.canceled(orderId: id, owner: entry.order.owner, remaining: Quantity(lots: entry.remaining), reason: .requested))
            } else {
                let left = entry.remaining - by.lots
                update(id: id) { $0.remaining = left }
                events.append(.reduced(orderId: id, owner: entry.order.owner, remaining: Quantity(lots: left)))
            }
        case .move(let id, let price):
            if price.ticks <= 0 { return events.append(.rejected(orderId: id, code: .invalidPrice)) }
            if price > instrument.maxPrice { return events.append(.rejected(orderId: id, code: .priceTooLarge)) }
            guard let found = find(id: id) else { return events.append(.rejected(orderId: id, code: .orderNotFound)) }
            guard !found.pending else { return events.append(.rejected(orderId: id, code: .orderNotMovable)) }
            var entry = remove(id: id)!
            entry.order.limitPrice = price
            entry.seq = takeSeq()
            events.append(.moved(orderId: id, owner: entry.order.owner, price: price))
            execute(entry, &events)
            runStops(&events)
        case .restore(let resting):
            let id = resting.order.id
            if let code = Self.restoreProblem(resting, instrument: instrument) { return events.append(.rejected(orderId: id, code: code)) }
            if find(id: id) != nil { return events.append(.rejected(orderId: id, code: .duplicateOrderId)) }
            let entry = Entry(order: resting.order, remaining: resting.remaining.lots, seq: takeSeq(), pending: resting.isPendingStop)
            if entry.pending {
                stops.append(entry)
            } else {
                let opposite = entry.order.side == .buy ? asks : bids
                if let best = opposite.first, Self.acceptable(side: entry.order.side, limit: entry.price, price: best.price) {
                    return events.append(.rejected(orderId: id, code: .wouldCross))
                }
                insertResting(entry)
            }
            events.append(.accepted(orderId: id, owner: resting.order.owner))
        }
    }

    public mutating func expireDay(into events: inout [OrderBookEvent]) {
        let expiring = (bids + asks + stops).filter { $0.order.timeInForce == .day }.sorted { $0.seq < $1.seq }
        for entry in expiring {
            _ = remove(id: entry.order.id)
            events.append(.expired(orderId: entry.order.id, owner: entry.order.owner, remaining: Quantity(lots: entry.remaining)))
        }
    }

    private mutating func takeSeq() -> UInt64 {
        defer { nextSeq += 1 }
        return nextSeq
    }

    private mutating func place(_ order: Order, _ events: inout [OrderBookEvent]) {
        if let code = order.validate(for: instrument) { return events.append(.rejected(orderId: order.id, code: code)) }
        if find(id: order.id) != nil { return events.append(.rejected(orderId: order.id, code: .duplicateOrderId)) }
        events.append(.accepted(orderId: order.id, owner: order.owner))
        var entry = Entry(order: order, remaining: order.quantity.lots, seq: takeSeq(), pending: false)
        if let stop = order.stopPrice {
            if let last = lastTradePrice, Self.stopTriggers(side: order.side, stop: stop.ticks, last: last.ticks) {
                events.append(.triggered(orderId: order.id, owner: order.owner))
                execute(entry, &events)
            } else {
                entry.pending = true
                stops.append(entry)
            }
        } else {
            execute(entry, &events)
        }
        runStops(&events)
    }

    /// Matches `taker` against the opposite side, then rests, cancels or kills what is left.
    private mutating func execute(_ taker: Entry, _ events: inout [OrderBookEvent]) {
        var taker = taker
        let side = taker.order.side
        let limit = taker.order.limitPrice?.ticks
        if taker.order.timeInForce == .fok {
            var available: Int64 = 0
            for maker in (side == .buy ? asks : bids) {
                guard Self.acceptable(side: side, limit: limit, price: maker.price) else { break }
                if maker.order.owner != taker.order.owner { available += maker.remaining }
                if available >= taker.remaining { break }
            }
            if available < taker.remaining {
                return events.append(.canceled(orderId: taker.order.id, owner: taker.order.owner, remaining: Quantity(lots: taker.remaining), reason: .fokUnfillable))
            }
        }
        while taker.remaining > 0 {
            let opposite = side == .buy ? asks : bids
            guard let maker = opposite.first, Self.acceptable(side: side, limit: limit, price: maker.price) else { break }
            if maker.order.owner == taker.order.owner {
                _ = remove(id: maker.order.id)
                events.append(.canceled(orderId: maker.order.id, owner: maker.order.owner, remaining: Quantity(lots: maker.remaining), reason: .selfTradePrevention))
                continue
            }
            let qty = min(maker.remaining, taker.remaining)
            taker.remaining -= qty
            let makerLeft = maker.remaining - qty
            if makerLeft == 0 {
                _ = remove(id: maker.order.id)
            } else {
                update(id: maker.order.id) { $0.remaining = makerLeft }
            }
            let price = Price(ticks: maker.price)
            let notional = instrument.notional(price: price, quantity: Quantity(lots: qty))
            lastTradePrice = price
            events.append(.trade(Trade(
                makerOrderId: maker.order.id, makerOwner: maker.order.owner,
                takerOrderId: taker.order.id, takerOwner: taker.order.owner,
                aggressor: side, price: price, quantity: Quantity(lots: qty), notional: notional,
                makerFee: FeeSchedule.fee(notional, bps: fees.makerBps),
                takerFee: FeeSchedule.fee(notional, bps: fees.takerBps),
                makerRemaining: Quantity(lots: makerLeft), takerRemaining: Quantity(lots: taker.remaining))))
        }
        guard taker.remaining > 0 else { return }
        let left = Quantity(lots: taker.remaining)
        if limit == nil {
            events.append(.canceled(orderId: taker.order.id, owner: taker.order.owner, remaining: left, reason: .marketUnfilled))
        } else if !taker.order.timeInForce.canRest {
            events.append(.canceled(orderId: taker.order.id, owner: taker.order.owner, remaining: left, reason: .iocUnfilled))
        } else {
            insertResting(taker)
        }
    }

    private mutating func runStops(_ events: inout [OrderBookEvent]) {
        while let last = lastTradePrice,
              let index = stops.firstIndex(where: { Self.stopTriggers(side: $0.order.side, stop: $0.order.stopPrice!.ticks, last: last.ticks) }) {
            var entry = stops.remove(at: index)
            entry.pending = false
            entry.seq = takeSeq()
            events.append(.triggered(orderId: entry.order.id, owner: entry.order.owner))
            execute(entry, &events)
        }
    }

    private mutating func insertResting(_ entry: Entry) {
        if entry.order.side == .buy {
            bids.insert(entry, at: bids.firstIndex { $0.price < entry.price } ?? bids.count)
        } else {
            asks.insert(entry, at: asks.firstIndex { $0.price > entry.price } ?? asks.count)
        }
    }

    private func find(id: UInt64) -> Entry? {
        bids.first { $0.order.id == id } ?? asks.first { $0.order.id == id } ?? stops.first { $0.order.id == id }
    }

    private mutating func update(id: UInt64, _ change: (inout Entry) -> Void) {
        if let i = bids.firstIndex(where: { $0.order.id == id }) { change(&bids[i]) }
        else if let i = asks.firstIndex(where: { $0.order.id == id }) { change(&asks[i]) }
        else if let i = stops.firstIndex(where: { $0.order.id == id }) { change(&stops[i]) }
    }

    private mutating func remove(id: UInt64) -> Entry? {
        if let i = bids.firstIndex(where: { $0.order.id == id }) { return bids.remove(at: i) }
        if let i = asks.firstIndex(where: { $0.order.id == id }) { return asks.remove(at: i) }
        if let i = stops.firstIndex(where: { $0.order.id == id }) { return stops.remove(at: i) }
        return nil
    }

    public func depth(_ side: Side, levels: Int) -> [DepthLevel] {
        var out: [DepthLevel] = []
        for entry in side == .buy ? bids : asks {
            if let lastLevel = out.last, lastLevel.price.ticks == entry.price {
                out[out.count - 1].quantity.lots += entry.remaining
                out[out.count - 1].orderCount += 1
            } else {
                if out.count == levels { break }
                out.append(DepthLevel(price: Price(ticks: entry.price), quantity: Quantity(lots: entry.remaining), orderCount: 1))
            }
        }
        return out
    }

    public func order(id: UInt64) -> RestingOrder? { find(id: id)?.resting }

    public func allOrders() -> [RestingOrder] { (bids + asks + stops).map(\.resting) }

    public var stateHash: UInt64 {
        var hasher = StateHasher()
        for order in allOrders() { hasher.combine(order) }
        hasher.combine(lastTradePrice?.ticks ?? -1)
        return hasher.value
    }

    public func validateInvariants() throws(OrderBookInvariantError) {
        var ids = Set<UInt64>()
        for (name, list) in [("bids", bids), ("asks", asks), ("stops", stops)] {
            for entry in list {
                guard ids.insert(entry.order.id).inserted else { throw .init("order \(entry.order.id) held twice") }
                guard entry.remaining > 0, entry.remaining <= entry.order.quantity.lots else {
                    throw .init("order \(entry.order.id) in \(name) has remaining \(entry.remaining) of \(entry.order.quantity.lots)")
                }
                guard entry.pending == (name == "stops") else { throw .init("order \(entry.order.id) pending flag wrong in \(name)") }
            }
        }
        for (name, list, descending) in [("bids", bids, true), ("asks", asks, false)] {
            for entry in list where entry.order.limitPrice == nil || !entry.order.timeInForce.canRest {
                throw .init("order \(entry.order.id) in \(name) cannot rest")
            }
            for (a, b) in zip(list, list.dropFirst()) {
                let ordered = a.price == b.price ? a.seq < b.seq : (descending ? a.price > b.price : a.price < b.price)
                guard ordered else { throw .init("\(name) out of price-time order at \(a.order.id), \(b.order.id)") }
            }
        }
        for entry in bids where entry.order.side != .buy { throw .init("sell order \(entry.order.id) among bids") }
        for entry in asks where entry.order.side != .sell { throw .init("buy order \(entry.order.id) among asks") }
        if let bid = bestBid, let ask = bestAsk, bid >= ask { throw .init("book crossed at rest: bid \(bid.ticks) >= ask \(ask.ticks)") }
    }
}
