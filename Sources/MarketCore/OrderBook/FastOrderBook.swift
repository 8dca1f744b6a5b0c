/// The production book: orders live in a slot pool with intrusive FIFO lists per price level,
/// levels in a second pool, and each side keeps its level prices sorted with the best price at
/// the end of the array, so touching the top of the book is O(1) and inserting near it is cheap.
/// Nothing is allocated per order once the pools have grown to the book's working size.
public struct FastOrderBook: OrderBook {
    struct Node: Sendable {
        var id: UInt64
        var owner: UInt64
        var remaining: Int64
        var quantity: Int64
        /// Limit price in ticks, 0 for none.
        var price: Int64
        /// Stop price in ticks, 0 for none.
        var stopPrice: Int64
        var seq: UInt64
        var prev: Int32
        var next: Int32
        /// The level slot while resting, -1 while a pending stop.
        var level: Int32
        var side: Side
        var type: OrderType
        var tif: TimeInForce

        var order: Order {
            Order(id: id, owner: owner, side: side, type: type, timeInForce: tif, quantity: Quantity(lots: quantity),
                  limitPrice: price > 0 ? Price(ticks: price) : nil, stopPrice: stopPrice > 0 ? Price(ticks: stopPrice) : nil)
        }
        var resting: RestingOrder { RestingOrder(order: order, remaining: Quantity(lots: remaining), isPendingStop: level < 0) }
    }

    struct Level: Sendable {
        var price: Int64
        var head: Int32
        var tail: Int32
        var total: Int64
        var count: Int32
    }

    public let instrument: Instrument
    private let makerBps: Int64
    private let takerBps: Int64
    private let microsPerTickLot: Int64
    private var nodes: [Node] = []
    private var freeNodes: [Int32] = []
    private var levels: [Level] = []
    private var freeLevels: [Int32] = []
    private var index = OrderIdIndex()
    /// Ascending, so the best (highest) bid is last.
    private var bidPrices: [Int64] = []
    private var bidLevels: [Int32] = []
    /// Descending, so the best (lowest) ask is last.
    private var askPrices: [Int64] = []
    private var askLevels: [Int32] = []
    /// Pending buy stops by stop price ascending then age: the ones a rising price fires come first.
    private var buyStops: [Int32] = []
    /// Pending sell stops by stop price descending then age.
    private var sellStops: [Int32] = []
    private var nextSeq: UInt64 = 1
    public var lastTradePrice: Price?

    public init(instrument: Instrument) {
        self.instrument = instrument
        self.makerBps = Int64(instrument.makerFeeBps)
        self.takerBps = Int64(instrument.takerFeeBps)
        self.microsPerTickLot = instrument.microsPerTickLot
        nodes.reserveCapacity(1024)
        levels.reserveCapacity(256)
    }

    public var bestBid: Price? { bidPrices.last.map(Price.init(ticks:)) }
    public var bestAsk: Price? { askPrices.last.map(Price.init(ticks:)) }
    public var orderCount: Int { index.count }

    // MARK: commands

    public mutating func apply(_ command: OrderBookCommand, into events: inout [OrderBookEvent]) {
        switch command {
        case .place(let order):
            place(order, &events)
        case .cancel(let id):
            guard let slot = index.find(id) else { return events.append(.rejected(orderId: id, code: .orderNotFound)) }
            let node = nodes[slot]
            removeOrder(slot)
            events.append(.canceled(orderId: id, owner: node.owner, remaining: Quantity(lots: node.remaining), reason: .requested))
        case .reduce(let id, let by):
            guard by.lots > 0 else { return events.append(.rejected(orderId: id, code: .invalidQuantity)) }
            guard let slot = index.find(id) else { return events.append(.rejected(orderId: id, code: .orderNotFound)) }
            let node = nodes[slot]
            if by.lots >= node.remaining {
                removeOrder(slot)
                events.append(.canceled(orderId: id, owner: node.owner, remaining: Quantity(lots: node.remaining), reason: .requested))
            } else {
                nodes[slot].remaining -= by.lots
                if node.level >= 0 { levels[node.level].total -= by.lots }
                events.append(.reduced(orderId: id, owner: node.owner, remaining: Quantity(lots: node.remaining - by.lots)))
            }
        case .move(let id, let price):
            if price.ticks <= 0 { return events.append(.rejected(orderId: id, code: .invalidPrice)) }
            if price > instrument.maxPrice { return events.append(.rejected(orderId: id, code: .priceTooLarge)) }
            guard let slot = index.find(id) else { return events.append(.rejected(orderId: id, code: .orderNotFound)) }
            guard nodes[slot].level >= 0 else { return events.append(.rejected(orderId: id, code: .orderNotMovable)) }
            var node = nodes[slot]
            removeOrder(slot)
            node.price = price.ticks
            node.seq = takeSeq()
            events.append(.moved(orderId: id, owner: node.owner, price: price))
            execute(node, &events)
            runStops(&events)
        case .restore(let resting):
            let id = resting.order.id
            if let code = Self.restoreProblem(resting, instrument: instrument) { return events.append(.rejected(orderId: id, code: code)) }
            if index.find(id) != nil { return events.append(.rejected(orderId: id, code: .duplicateOrderId)) }
            var node = makeNode(resting.order)
            node.remaining = resting.remaining.lots
            if resting.isPendingStop {
                addStop(node)
            } else {
                let side = node.side
                if let best = (side == .buy ? askPrices.last : bidPrices.last),
                   Self.acceptable(side: side, limit: node.price, price: best) {
                    return events.append(.rejected(orderId: id, code: .wouldCross))
                }
                rest(node)
            }
            events.append(.accepted(orderId: id, owner: resting.order.owner))
        }
    }

    public mutating func expireDay(into events: inout [OrderBookEvent]) {
        var expiring: [Int32] = []
        for slot in liveSlots() where nodes[Int(slot)].tif == .day { expiring.append(slot) }
        expiring.sort { nodes[Int($0)].seq < nodes[Int($1)].seq }
        for slot in expiring {
            let node = nodes[Int(slot)]
            removeOrder(slot)
            events.append(.expired(orderId: node.id, owner: node.owner, remaining: Quantity(lots: node.remaining)))
        }
    }

    @inline(__always)
    private mutating func takeSeq() -> UInt64 {
        defer { nextSeq &+= 1 }
        return nextSeq
    }

    private mutating func makeNode(_ order: Order) -> Node {
        Node(id: order.id, owner: order.owner, remaining: order.quantity.lots, quantity: order.quantity.lots,
             price: order.limitPrice?.ticks ?? 0, stopPrice: order.stopPrice?.ticks ?? 0, seq: takeSeq(),
             prev: -1, next: -1, level: -1, side: order.side, type: order.type, tif: order.timeInForce)
    }

    private mutating func place(_ order: Order, _ events: inout [OrderBookEvent]) {
        if let code = order.validate(for: instrument) { return events.append(.rejected(orderId: order.id, code: code)) }
        if index.find(order.id) != nil { return events.append(.rejected(orderId: order.id, code: .duplicateOrderId)) }
        events.append(.accepted(orderId: order.id, owner: order.owner))
        let node = makeNode(order)
        if node.stopPrice > 0 {
            if let last = lastTradePrice, Self.stopTriggers(side: node.side, stop: node.stopPrice, last: last.ticks) {
                events.append(.triggered(orderId: node.id, owner: node.owner))
                execute(node, &events)
            } else {
                addStop(node)
            }
        } else {
            execute(node, &events)
        }
        if !buyStops.isEmpty || !sellStops.isEmpty { runStops(&events) }
    }

    // MARK: matching

    /// Matches an incoming order, then rests, cancels or kills what is left of it.
    private mutating func execute(_ taker: Node, _ events: inout [OrderBookEvent]) {
        var taker = taker
        let side = taker.side
        let limit: Int64? = taker.price > 0 ? taker.price : nil
        if taker.tif == .fok && !fillable(taker, limit: limit) {
            return events.append(.canceled(orderId: taker.id, owner: taker.owner, remaining: Quantity(lots: taker.remaining), reason: .fokUnfillable))
        }
        while taker.remaining > 0 {
            let levelSlot: Int32
            if side == .buy {
                guard let l = askLevels.last else { break }
                levelSlot = l
            } else {
                guard let l = bidLevels.last else { break }
                levelSlot = l
            }
            let price = levels[levelSlot].price
            guard Self.acceptable(side: side, limit: limit, price: price) else { break }
            var slot = levels[levelSlot].head
            while slot >= 0 && taker.remaining > 0 {
                let maker = nodes[slot]
                if maker.owner == taker.owner {
                    unlink(slot, level: levelSlot)
                    release(slot, id: maker.id)
                    events.append(.canceled(orderId: maker.id, owner: maker.owner, remaining: Quantity(lots: maker.remaining), reason: .selfTradePrevention))
                } else {
                    let qty = min(maker.remaining, taker.remaining)
                    taker.remaining -= qty
                    let makerLeft = maker.remaining - qty
                    if makerLeft == 0 {
                        unlink(slot, level: levelSlot)
                        release(slot, id: maker.id)
                    } else {
                        nodes[slot].remaining = makerLeft
                        levels[levelSlot].total -= qty
                    }
                    let notional = Money(micros: price * qty * microsPerTickLot)
                    events.append(.trade(Trade(
                        makerOrderId: maker.id, makerOwner: maker.owner,
                        takerOrderId: taker.id, takerOwner: taker.owner,
                        aggressor: side, price: Price(ticks: price), quantity: Quantity(lots: qty), notional: notional,
                        makerFee: FeeSchedule.fee(notional, bps: makerBps),
                        takerFee: FeeSchedule.fee(notional, bps: takerBps),
                        makerRemaining: Quantity(lots: makerLeft), takerRemaining: Quantity(lots: taker.remaining))))
                    lastTradePrice = Price(ticks: price)
                }
                slot = maker.next
            }
            if levels[levelSlot].count == 0 {
                if side == .buy {
                    askPrices.removeLast()
                    askLevels.removeLast()
                } else {
                    bidPrices.removeLast()
                    bidLevels.removeLast()
                }
                freeLevels.append(levelSlot)
            }
        }
        guard taker.remaining > 0 else { return }
        if limit == nil {
            events.append(.canceled(orderId: taker.id, owner: taker.owner, remaining: Quantity(lots: taker.remaining), reason: .marketUnfilled))
        } else if !taker.tif.canRest {
            events.append(.canceled(orderId: taker.id, owner: taker.owner, remaining: Quantity(lots: taker.remaining), reason: .iocUnfilled))
        } else {
            rest(taker)
        }
    }

    /// Whether other owners' acceptable liquidity covers the whole of a FOK order.
    private func fillable(_ taker: Node, limit: Int64?) -> Bool {
        var available: Int64 = 0
        let levelSlots = taker.side == .buy ? askLevels : bidLevels
        for levelSlot in levelSlots.reversed() {
            let level = levels[levelSlot]
            guard Self.acceptable(side: taker.side, limit: limit, price: level.price) else { return false }
            var slot = level.head
            while slot >= 0 {
                if nodes[slot].owner != taker.owner {
                    available += nodes[slot].remaining
                    if available >= taker.remaining { return true }
                }
                slot = nodes[slot].next
            }
        }
        return false
    }

    private mutating func runStops(_ events: inout [OrderBookEvent]) {
        while let last = lastTradePrice?.ticks {
            var chosen = -1
            var chosenSeq = UInt64.max
            var fromBuys = false
            for (i, slot) in buyStops.enumerated() {
                let node = nodes[slot]
                if node.stopPrice > last { break }
                if node.seq < chosenSeq { chosen = i; chosenSeq = node.seq; fromBuys = true }
            }
            for (i, slot) in sellStops.enumerated() {
                let node = nodes[slot]
                if node.stopPrice < last { break }
                if node.seq < chosenSeq { chosen = i; chosenSeq = node.seq; fromBuys = false }
            }
            guard chosen >= 0 else { return }
            let slot = fromBuys ? buyStops.remove(at: chosen) : sellStops.remove(at: chosen)
            var node = nodes[slot]
            release(slot, id: node.id)
            node.seq = takeSeq()
            events.append(.triggered(orderId: node.id, owner: node.owner))
            execute(node, &events)
        }
    }

    // MARK: storage

    @inline(__always)
    private mutating func allocate(_ node: Node) -> Int32 {
        let slot: Int32
        if let free = freeNodes.popLast() {
            slot = free
            nodes[slot] = node
        } else {
            slot = Int32(nodes.count)
            nodes.append(node)
        }
        index.insert(node.id, slot)
        return slot
    }

    @inline(__always)
    private mutating func release(_ slot: Int32, id: UInt64) {
        index.remove(id)
        freeNodes.append(slot)
    }

    /// Appends `node` to the tail of its price level, creating the level if needed.
    private mutating func rest(_ node: Node) {
        let levelSlot = levelFor(side: node.side, price: node.price)
        var node = node
        node.level = levelSlot
        node.prev = levels[levelSlot].tail
        node.next = -1
        let slot = allocate(node)
        if node.prev >= 0 { nodes[node.prev].next = slot } else { levels[levelSlot].head = slot }
        levels[levelSlot].tail = slot
        levels[levelSlot].total += node.remaining
        levels[levelSlot].count += 1
    }

    private mutating func addStop(_ node: Node) {
        let slot = allocate(node)
        if node.side == .buy {
            let at = buyStops.firstIndex { nodes[$0].stopPrice > node.stopPrice } ?? buyStops.count
            buyStops.insert(slot, at: at)
        } else {
            let at = sellStops.firstIndex { nodes[$0].stopPrice < node.stopPrice } ?? sellStops.count
            sellStops.insert(slot, at: at)
        }
    }

    /// Removes a resting or pending order and frees its slot (and its level if it empties).
    private mutating func removeOrder(_ slot: Int32) {
        let node = nodes[slot]
        if node.level >= 0 {
            let levelSlot = node.level
            unlink(slot, level: levelSlot)
            if levels[levelSlot].count == 0 { dropLevel(side: node.side, price: node.price, slot: levelSlot) }
        } else if node.side == .buy {
            buyStops.remove(at: buyStops.firstIndex(of: slot)!)
        } else {
            sellStops.remove(at: sellStops.firstIndex(of: slot)!)
        }
        release(slot, id: node.id)
    }

    @inline(__always)
    private mutating func unlink(_ slot: Int32, level levelSlot: Int32) {
        let prev = nodes[slot].prev
        let next = nodes[slot].next
        if prev >= 0 { nodes[prev].next = next } else { levels[levelSlot].head = next }
        if next >= 0 { nodes[next].prev = prev } else { levels[levelSlot].tail = prev }
        levels[levelSlot].total -= nodes[slot].remaining
        levels[levelSlot].count -= 1
        nodes[slot].level = -1
    }

    /// Position of `price` in a side's sorted price array (ascending for bids, descending for asks).
    @inline(__always)
    private static func search(_ prices: [Int64], _ price: Int64, descending: Bool) -> (index: Int, found: Bool) {
        var lo = 0
        var hi = prices.count
        // Most traffic is at or near the touch, which is the end of the array.
        if let last = prices.last {
            if last == price { return (prices.count - 1, true) }
            if descending ? price < last : price > last { return (prices.count, false) }
        }
        while lo < hi {
            let mid = (lo + hi) >> 1
            let p = prices[mid]
            if p == price { return (mid, true) }
            if descending ? p > price : p < price { lo = mid + 1 } else { hi = mid }
        }
        return (lo, false)
    }

    private mutating func levelFor(side: Side, price: Int64) -> Int32 {
        let found = Self.search(side == .buy ? bidPrices : askPrices, price, descending: side == .sell)
        if found.found { return side == .buy ? bidLevels[found.index] : askLevels[found.index] }
        let level = Level(price: price, head: -1, tail: -1, total: 0, count: 0)
        let slot: Int32
        if let free = freeLevels.popLast() {
            slot = free
            levels[slot] = level
        } else {
            slot = Int32(levels.count)
            levels.append(level)
        }
        if side == .buy {
            bidPrices.insert(price, at: found.index)
            bidLevels.insert(slot, at: found.index)
        } else {
            askPrices.insert(price, at: found.index)
            askLevels.insert(slot, at: found.index)
        }
        return slot
    }

    private mutating func dropLevel(side: Side, price: Int64, slot: Int32) {
        let found = Self.search(side == .buy ? bidPrices : askPrices, price, descending: side == .sell)
        if side == .buy {
            bidPrices.remove(at: found.index)
            bidLevels.remove(at: found.index)
        } else {
            askPrices.remove(at: found.index)
            askLevels.remove(at: found.index)
        }
        freeLevels.append(slot)
    }

    // MARK: queries

    /// Slots of open orders in canonical order (see `OrderBook.allOrders`).
    private func liveSlots() -> [Int32] {
        var out: [Int32] = []
        out.reserveCapacity(index.count)
        for levelSlots in [bidLevels, askLevels] {
            for levelSlot in levelSlots.reversed() {
                var slot = levels[levelSlot].head
                while slot >= 0 {
                    out.append(slot)
                    slot = nodes[slot].next
                }
            }
        }
        out.append(contentsOf: (buyStops + sellStops).sorted { nodes[Int($0)].seq < nodes[Int($1)].seq })
        return out
    }

    public func depth(_ side: Side, levels count: Int) -> [DepthLevel] {
        var out: [DepthLevel] = []
        for levelSlot in (side == .buy ? bidLevels : askLevels).reversed() {
            if out.count == count { break }
            let level = levels[levelSlot]
            out.append(DepthLevel(price: Price(ticks: level.price), quantity: Quantity(lots: level.total), orderCount: Int(level.count)))
        }
        return out
    }

    public func order(id: UInt64) -> RestingOrder? { index.find(id).map { nodes[$0].resting } }

    public func allOrders() -> [RestingOrder] { liveSlots().map { nodes[Int($0)].resting } }

    public var stateHash: UInt64 {
        var hasher = StateHasher()
        for slot in liveSlots() { hasher.combine(nodes[Int(slot)].resting) }
        hasher.combine(lastTradePrice?.ticks ?? -1)
        return hasher.value
    }

    public func validateInvariants() throws(OrderBookInvariantError) {
        var seen = Set<Int32>()
        for (side, prices, levelSlots) in [(Side.buy, bidPrices, bidLevels), (Side.sell, askPrices, askLevels)] {
            guard prices.count == levelSlots.count else { throw .init("\(side) price and level arrays differ in length") }
            for (a, b) in zip(prices, prices.dropFirst()) where side == .buy ? a >= b : a <= b {
                throw .init("\(side) levels out of order: \(a), \(b)")
            }
            for (price, levelSlot) in zip(prices, levelSlots) {
                let level = levels[levelSlot]
                guard level.price == price else { throw .init("level at \(price) holds price \(level.price)") }
                guard level.count > 0 else { throw .init("empty level kept at \(price)") }
                var total: Int64 = 0
                var count: Int32 = 0
                var prev: Int32 = -1
                var lastSeq: UInt64 = 0
                var slot = level.head
                while slot >= 0 {
                    let node = nodes[slot]
                    guard seen.insert(slot).inserted else { throw .init("slot \(slot) linked twice") }
                    guard node.prev == prev, node.level == levelSlot else { throw .init("order \(node.id) badly linked") }
                    guard node.side == side, node.price == price else { throw .init("order \(node.id) on the wrong side or level") }
                    guard node.remaining > 0, node.remaining <= node.quantity else { throw .init("order \(node.id) rests with \(node.remaining) of \(node.quantity)") }
                    guard node.tif.canRest else { throw .init("order \(node.id) cannot rest") }
                    guard node.seq > lastSeq else { throw .init("level \(price) not in time order at \(node.id)") }
                    guard index.find(node.id) == slot else { throw .init("order \(node.id) missing from the id index") }
                    lastSeq = node.seq
                    total += node.remaining
                    count += 1
                    prev = slot
                    slot = node.next
                }
                guard prev == level.tail else { throw .init("level \(price) tail is wrong") }
                guard total == level.total, count == level.count else {
                    throw .init("level \(price) says \(level.total)/\(level.count) but holds \(total)/\(count)")
                }
            }
        }
        for slot in buyStops + sellStops {
            let node = nodes[slot]
            guard seen.insert(slot).inserted else { throw .init("stop slot \(slot) held twice") }
            guard node.level < 0, node.stopPrice > 0, node.remaining > 0 else { throw .init("pending stop \(node.id) malformed") }
            guard index.find(node.id) == slot else { throw .init("stop \(node.id) missing from the id index") }
        }
        guard seen.count == index.count else { throw .init("id index holds \(index.count) orders, book holds \(seen.count)") }
        guard seen.count + freeNodes.count == nodes.count else { throw .init("node pool leaks slots") }
        if let bid = bestBid, let ask = bestAsk, bid >= ask { throw .init("book crossed at rest: bid \(bid.ticks) >= ask \(ask.ticks)") }
    }
}

extension Array {
    @inline(__always)
    subscript(slot: Int32) -> Element {
        get { self[Int(truncatingIfNeeded: slot)] }
        set { self[Int(truncatingIfNeeded: slot)] = newValue }
    }
}
