import MarketCore
import Testing

@Suite("Agents")
struct AgentTests {
    static func context(volatility: Double, stressed: Bool = false, liquidity: Double = 1) -> AgentContext {
        let instrument = InstrumentCatalogue.standard["ACME"]!
        return AgentContext(instrument: instrument, nowMillis: 0, dt: 0.25, fairValue: 100, parameters: ScenarioParameters(volatility: volatility, spreadBps: 10, liquidity: liquidity),
                            volatilityMultiplier: 1, stressed: stressed, bestBid: nil, bestAsk: nil, lastPrice: nil)
    }

    @Test func makerQuotesAroundFairValueAndWidensWithVolatility() {
        var maker = MarketMaker(owner: HouseAccounts.primaryMarketMaker, levels: 3, seed: 1)
        let calm = Self.context(volatility: 0.2)
        let wild = Self.context(volatility: 1.5)
        #expect(maker.quotedSpreadBps(wild) > 4 * maker.quotedSpreadBps(calm))
        #expect(maker.quotedSpreadBps(Self.context(volatility: 0.2, stressed: true)) == 3 * maker.quotedSpreadBps(calm))

        var orders = AgentOrders()
        maker.act(calm, &orders)
        let placed = orders.commands.compactMap { command -> Order? in
            if case .place(let order) = command { return order } else { return nil }
        }
        #expect(placed.count == 6)
        let bids = placed.filter { $0.side == .buy }.map { $0.limitPrice!.ticks }
        let asks = placed.filter { $0.side == .sell }.map { $0.limitPrice!.ticks }
        #expect(bids.max()! < 10_000 && asks.min()! > 10_000)
        #expect(bids == bids.sorted(by: >) && asks == asks.sorted())
        #expect(placed.allSatisfy { $0.owner == HouseAccounts.primaryMarketMaker && $0.id >= HouseAccounts.agentOrderIdFloor })

        // The next quote replaces the previous one.
        orders.commands.removeAll()
        maker.act(calm, &orders)
        #expect(orders.commands.filter { if case .cancel = $0 { return true } else { return false } }.count == 6)

        orders.commands.removeAll()
        maker.act(Self.context(volatility: 0.2, liquidity: 0), &orders)
        #expect(orders.commands.allSatisfy { if case .cancel = $0 { return true } else { return false } })
    }

    @Test func houseAccountsAreBelowTheUserFloor() {
        for owner in [HouseAccounts.primaryMarketMaker, HouseAccounts.secondaryMarketMaker, HouseAccounts.noiseTrader,
                      HouseAccounts.momentumTrader, HouseAccounts.valueTrader] {
            #expect(HouseAccounts.isHouse(owner))
        }
        #expect(!HouseAccounts.isHouse(HouseAccounts.userOwnerFloor))
    }
}
