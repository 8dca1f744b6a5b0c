import MarketCore

/// A pre-generated command stream in the spirit of exchange-core's benchmark: mostly moves,
/// cancels and new GTC limits around a wandering mid, some IOC and a few market orders and reduces,
/// from 1 000 accounts, against a book held near 1 000 resting orders.
struct ExchangeCoreMix {
    let commands: [OrderBookCommand]
    static let instrument = InstrumentCatalogue.standard["ACME"]!

    init(count: Int, seed: UInt64) {
        var rng = Xoshiro256StarStar(seed: seed)
        var book = FastOrderBook(instrument: Self.instrument)
        var live: [UInt64] = []
        var position: [UInt64: Int] = [:]
        var commands: [OrderBookCommand] = []
        commands.reserveCapacity(count)
        var events: [OrderBookEvent] = []
        var nextId: UInt64 = 1
        var mid: Int64 = 10_000

        func drop(_ id: UInt64) {
            guard let i = position.removeValue(forKey: id) else { return }
            let last = live.removeLast()
            if last != id {
                live[i] = last
                position[last] = i
            }
        }

        while commands.count < count {
            if rng.nextBool(probability: 0.01) { mid = max(1_000, mid + rng.nextInt(in: -2...2)) }
            let roll = rng.nextUnit()
            let command: OrderBookCommand
            let wantMore = live.count < 1_000
            if !live.isEmpty && roll < 0.30 && !wantMore {
                command = .cancel(orderId: live[Int(rng.nextInt(in: 0...Int64(live.count - 1)))])
            } else if !live.isEmpty && roll < 0.62 {
                let id = live[Int(rng.nextInt(in: 0...Int64(live.count - 1)))]
                let side = book.order(id: id)!.order.side
                let offset = rng.nextInt(in: 1...20)
                command = .move(orderId: id, price: Price(ticks: side == .buy ? mid - offset : mid + offset))
            } else if !live.isEmpty && roll < 0.64 {
                command = .reduce(orderId: live[Int(rng.nextInt(in: 0...Int64(live.count - 1)))], by: Quantity(lots: 1))
            } else {
                let side: Side = rng.nextBool(probability: 0.5) ? .buy : .sell
                let owner = UInt64(1_000 + rng.nextInt(in: 0...999))
                let qty = Quantity(lots: rng.nextInt(in: 1...100))
                let kind = rng.nextUnit()
                let id = nextId
                nextId += 1
                if kind < 0.90 {
                    // Mostly passive, sometimes marketable by a tick or two.
                    let offset = rng.nextInt(in: -2...20)
                    let price = Price(ticks: side == .buy ? mid - offset : mid + offset)
                    command = .place(Order(id: id, owner: owner, side: side, type: .limit, timeInForce: .gtc, quantity: qty, limitPrice: price))
                } else if kind < 0.98 {
                    let price = Price(ticks: side == .buy ? mid + rng.nextInt(in: 0...5) : mid - rng.nextInt(in: 0...5))
                    command = .place(Order(id: id, owner: owner, side: side, type: .limit, timeInForce: .ioc, quantity: qty, limitPrice: price))
                } else {
                    command = .place(Order(id: id, owner: owner, side: side, type: .market, timeInForce: .ioc, quantity: qty))
                }
            }
            events.removeAll(keepingCapacity: true)
            book.apply(command, into: &events)
            for event in events {
                switch event {
                case .trade(let t):
                    // A moved order can be the taker and fill completely.
                    if t.makerRemaining.lots == 0 { drop(t.makerOrderId) }
                    if t.takerRemaining.lots == 0 { drop(t.takerOrderId) }
                case .canceled(let id, _, _, _), .expired(let id, _, _):
                    drop(id)
                default:
                    break
                }
            }
            if case .place(let order) = command, position[order.id] == nil, book.order(id: order.id) != nil {
                position[order.id] = live.count
                live.append(order.id)
            }
            commands.append(command)
        }
        self.commands = commands
    }
}
