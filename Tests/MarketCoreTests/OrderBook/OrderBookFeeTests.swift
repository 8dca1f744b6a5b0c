import MarketCore
import Testing

@Suite("Order book fees and trade fields")
struct OrderBookFeeTests {
    @Test(arguments: BookKind.allCases)
    func tradeCarriesExactNotionalAndFees(kind: BookKind) {
        var book = kind.make()
        _ = book.apply(BookFixtures.limit(1, .sell, 10, 10_000))
        let events = book.apply(BookFixtures.limit(2, .buy, 4, 10_050))
        // 100.00 × 4 = 400.00; maker 1 bps = 0.04; taker 2 bps = 0.08.
        let expected = Trade(
            makerOrderId: 1, makerOwner: BookFixtures.owner(1), takerOrderId: 2, takerOwner: BookFixtures.owner(2),
            aggressor: .buy, price: Price(ticks: 10_000), quantity: Quantity(lots: 4),
            notional: Money(micros: 400_000_000), makerFee: Money(micros: 40_000), takerFee: Money(micros: 80_000),
            makerRemaining: Quantity(lots: 6), takerRemaining: .zero)
        #expect(events == [.accepted(orderId: 2, owner: BookFixtures.owner(2)), .trade(expected)])
        #expect(book.lastTradePrice == Price(ticks: 10_000))
    }

    @Test(arguments: BookKind.allCases)
    func feesRoundUpToTheMicro(kind: BookKind) {
        var book = kind.make(BookFixtures.crypto)
        _ = book.apply(BookFixtures.limit(1, .sell, 3, 1))
        let events = book.apply(BookFixtures.market(2, .buy, 3))
        // 0.01 × 0.0003 = 0.000003 = 3 micros; 2 bps and 5 bps of 3 micros are fractions, rounded up to 1.
        guard case .trade(let trade)? = events.last else {
            Issue.record("expected a trade, got \(events)")
            return
        }
        #expect(trade.notional == Money(micros: 3))
        #expect(trade.makerFee == Money(micros: 1))
        #expect(trade.takerFee == Money(micros: 1))
    }

    @Test func feeRuleOnLargeNotionals() {
        // Exact multiples do not round; remainders always round up; large values do not overflow.
        #expect(FeeSchedule.fee(Money(micros: 10_000), bps: 3) == Money(micros: 3))
        #expect(FeeSchedule.fee(Money(micros: 10_001), bps: 3) == Money(micros: 4))
        #expect(FeeSchedule.fee(Money(micros: 999_999_999_999_999_999), bps: 1000) == Money(micros: 100_000_000_000_000_000))
        #expect(FeeSchedule.fee(Money(micros: 12_345), bps: 0) == .zero)
    }
}
