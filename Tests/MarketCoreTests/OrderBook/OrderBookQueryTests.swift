import MarketCore
import Testing

@Suite("Order book queries")
struct OrderBookQueryTests {
    @Test(arguments: BookKind.allCases)
    func bestPricesDepthAndLookup(kind: BookKind) throws {
        var book = kind.make()
        #expect(book.bestBid == nil && book.bestAsk == nil)
        var events: [OrderBookEvent] = []
        for command in BookFixtures.standard { book.apply(command, into: &events) }
        #expect(book.bestBid == Price(ticks: 99))
        #expect(book.bestAsk == Price(ticks: 101))
        #expect(book.depth(.sell, levels: 1) == [DepthLevel(price: Price(ticks: 101), quantity: Quantity(lots: 10), orderCount: 1)])
        #expect(book.depth(.sell, levels: 5).count == 2)
        #expect(book.order(id: 3) == RestingOrder(order: Order.limit(id: 3, owner: BookFixtures.owner(3), .sell, 5, at: 102), remaining: Quantity(lots: 5), isPendingStop: false))
        #expect(book.order(id: 42) == nil)
        #expect(book.orderCount == 5)
        #expect(book.allOrders().map(\.order.id) == [4, 5, 1, 2, 3])
        try book.validateInvariants()
    }

    @Test(arguments: BookKind.allCases)
    func restoringAllOrdersRebuildsTheSameState(kind: BookKind) throws {
        var book = kind.make()
        var events: [OrderBookEvent] = []
        for command in BookFixtures.standard { book.apply(command, into: &events) }
        book.apply(BookFixtures.market(9, .buy, 4), into: &events)
        book.apply(BookFixtures.stop(10, .sell, 3, stop: 95, limit: 94), into: &events)
        book.apply(.reduce(orderId: 2, by: Quantity(lots: 1)), into: &events)

        var rebuilt = kind.make()
        rebuilt.lastTradePrice = book.lastTradePrice
        events.removeAll()
        for order in book.allOrders() { rebuilt.apply(.restore(order), into: &events) }
        #expect(events.allSatisfy { if case .accepted = $0 { return true } else { return false } })
        #expect(rebuilt.stateHash == book.stateHash)
        #expect(rebuilt.allOrders() == book.allOrders())
        try rebuilt.validateInvariants()
    }

    @Test func bothImplementationsHashEqualStatesEqually() {
        var reference = BookKind.reference.make()
        var fast = BookKind.fast.make()
        var a: [OrderBookEvent] = []
        var b: [OrderBookEvent] = []
        for command in BookFixtures.standard {
            reference.apply(command, into: &a)
            fast.apply(command, into: &b)
        }
        #expect(reference.stateHash == fast.stateHash)
        fast.apply(.cancel(orderId: 1), into: &b)
        #expect(reference.stateHash != fast.stateHash)
    }
}
