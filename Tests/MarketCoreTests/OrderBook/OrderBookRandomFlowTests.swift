import MarketCore
import Testing

@Suite("Order book seeded random flows")
struct OrderBookRandomFlowTests {
    /// Both implementations see the same 12 000 commands per seed and must agree on every event,
    /// keep every invariant after every command, and match the ledger's view of each order.
    @Test(arguments: [1, 2, 3, 0xC0FFEE] as [UInt64])
    func implementationsAgreeAndKeepInvariants(seed: UInt64) throws {
        var flow = RandomOrderFlow(seed: seed)
        var reference = ReferenceOrderBook(instrument: BookFixtures.stock)
        var fast = FastOrderBook(instrument: BookFixtures.stock)
        var ledger = OrderLedger()
        var a: [OrderBookEvent] = []
        var b: [OrderBookEvent] = []
        var kinds = Set<String>()
        for step in 0..<12_000 {
            a.removeAll(keepingCapacity: true)
            b.removeAll(keepingCapacity: true)
            let command = flow.next()
            if let command {
                reference.apply(command, into: &a)
                fast.apply(command, into: &b)
            } else {
                reference.expireDay(into: &a)
                fast.expireDay(into: &b)
            }
            guard a == b else {
                Issue.record("step \(step) \(String(describing: command)): reference \(Render.events(a)) fast \(Render.events(b))")
                return
            }
            for event in a { kinds.insert(Self.kind(event)) }
            try reference.validateInvariants()
            try fast.validateInvariants()
            let problems = ledger.record(command, a) + (step % 8 == 0 ? ledger.check(fast) : [])
            guard problems.isEmpty else {
                Issue.record("step \(step) \(String(describing: command)): \(problems)")
                return
            }
            if step % 64 == 0 {
                #expect(reference.stateHash == fast.stateHash)
            }
        }
        #expect(reference.stateHash == fast.stateHash)
        #expect(reference.allOrders() == fast.allOrders())
        #expect(ledger.check(reference).isEmpty)
        // The flow must really exercise the engine, not idle in rejections.
        #expect(ledger.trades > 2_000)
        #expect(kinds.isSuperset(of: ["accepted", "rejected", "trade", "canceled", "triggered", "moved", "reduced", "expired"]))
    }

    static func kind(_ event: OrderBookEvent) -> String {
        switch event {
        case .accepted: return "accepted"
        case .rejected: return "rejected"
        case .trade: return "trade"
        case .canceled: return "canceled"
        case .expired: return "expired"
        case .triggered: return "triggered"
        case .reduced: return "reduced"
        case .moved: return "moved"
        }
    }

    /// The fast book alone on a longer flow, as the simulator uses it.
    @Test func fastBookLongFlow() throws {
        var flow = RandomOrderFlow(seed: 99)
        var fast = FastOrderBook(instrument: BookFixtures.stock)
        var ledger = OrderLedger()
        var events: [OrderBookEvent] = []
        for step in 0..<60_000 {
            events.removeAll(keepingCapacity: true)
            let command = flow.next()
            if let command { fast.apply(command, into: &events) } else { fast.expireDay(into: &events) }
            let problems = ledger.record(command, events)
            guard problems.isEmpty else {
                Issue.record("step \(step): \(problems)")
                return
            }
            if step % 4 == 0 { try fast.validateInvariants() }
        }
        try fast.validateInvariants()
        #expect(ledger.check(fast).isEmpty)
    }
}
