import Foundation
import MarketCore
import Testing

@Suite("Market simulator")
struct MarketSimulatorTests {
    /// Monday 2026-01-05 15:00 UTC: stocks, FX and crypto are all open.
    static let monday: Int64 = 1_767_571_200_000 + 15 * 3_600_000
    static let crypto = try! InstrumentCatalogue(instruments: [InstrumentCatalogue.standard["BTCUSD"]!, InstrumentCatalogue.standard["ETHUSD"]!])

    static func run(_ sim: inout MarketSimulator, from start: Int64, steps: Int, stepMillis: Int64 = 250) -> SimulatorOutput {
        var all = SimulatorOutput()
        var output = SimulatorOutput()
        for s in 1...steps {
            output.removeAll()
            sim.step(nowMillis: start + Int64(s) * stepMillis, into: &output)
            all.trades += output.trades
            all.quotes += output.quotes
            all.closedCandles += output.closedCandles
            all.userOrderEvents += output.userOrderEvents
        }
        return all
    }

    @Test func sameSeedSameTradesDifferentSeedDifferentTrades() throws {
        var a = MarketSimulator(seed: 7, startMillis: Self.monday)
        var b = MarketSimulator(seed: 7, startMillis: Self.monday)
        var c = MarketSimulator(seed: 8, startMillis: Self.monday)
        let ta = Self.run(&a, from: Self.monday, steps: 800).trades
        let tb = Self.run(&b, from: Self.monday, steps: 800).trades
        let tc = Self.run(&c, from: Self.monday, steps: 800).trades
        #expect(ta.count > 500)
        #expect(ta == tb)
        #expect(a.stateHash == b.stateHash)
        #expect(ta != tc)
        #expect(Set(ta.map(\.symbol)) == Set(InstrumentCatalogue.standard.instruments.map(\.symbol)))
        try a.validateInvariants()
    }

    @Test func pricesTrackFairValueWithTwoSidedQuotes() throws {
        var sim = MarketSimulator(seed: 3, startMillis: Self.monday)
        let output = Self.run(&sim, from: Self.monday, steps: 1_200)
        for instrument in sim.catalogue.instruments {
            let quote = try #require(sim.quote(symbol: instrument.symbol))
            let bid = try #require(quote.bid)
            let ask = try #require(quote.ask)
            #expect(bid < ask)
            let fair = try #require(sim.fairValue(symbol: instrument.symbol))
            let mid = (instrument.priceValue(bid) + instrument.priceValue(ask)) / 2
            #expect(abs(mid / fair - 1) < 0.01, "\(instrument.symbol) mid \(mid) fair \(fair)")
            #expect(sim.depth(symbol: instrument.symbol, side: .buy, levels: 10).count >= 5)
        }
        #expect(output.closedCandles.contains { $0.candle.interval == .oneMinute })
        #expect(!output.quotes.isEmpty)
    }

    @Test func aHaltedInstrumentPrintsNoTrades() throws {
        var sim = MarketSimulator(catalogue: Self.crypto, seed: 5, startMillis: Self.monday)
        _ = Self.run(&sim, from: Self.monday, steps: 40)
        try sim.halt(symbol: "BTCUSD")
        let start = sim.nowMillis
        let halted = Self.run(&sim, from: start, steps: 1_000)
        #expect(!halted.trades.contains { $0.symbol == "BTCUSD" })
        #expect(halted.trades.contains { $0.symbol == "ETHUSD" })
        #expect(sim.isHalted(symbol: "BTCUSD") == true)
        let user = Order.market(id: 1, owner: 5_000, .buy, 10)
        #expect(sim.submit(user, symbol: "BTCUSD") == [.rejected(orderId: 1, code: .instrumentHalted)])

        try sim.resume(symbol: nil)
        let resumed = Self.run(&sim, from: sim.nowMillis, steps: 400)
        #expect(resumed.trades.contains { $0.symbol == "BTCUSD" })
        #expect(throws: ScenarioError.unknownSymbol("NOPE")) { try sim.halt(symbol: "NOPE") }
    }

    @Test func aCrashEventMovesFairValueByTheAskedAmountWithinItsDuration() throws {
        var sim = MarketSimulator(catalogue: Self.crypto, seed: 9, startMillis: Self.monday)
        try sim.setScenario(symbol: "ETHUSD", parameters: ScenarioParameters(drift: 0, volatility: 0.3, spreadBps: 5))
        let before = try #require(sim.fairValue(symbol: "ETHUSD"))
        try sim.scheduleEvent(symbol: "ETHUSD", kind: .shock, magnitudePct: -30, durationSeconds: 120)
        _ = Self.run(&sim, from: sim.nowMillis, steps: 240)
        let midway = try #require(sim.fairValue(symbol: "ETHUSD"))
        _ = Self.run(&sim, from: sim.nowMillis, steps: 240)
        let after = try #require(sim.fairValue(symbol: "ETHUSD"))
        // σ = 0.3 over two minutes is about 0.06 % of noise; the event itself is -30 %.
        #expect(abs(midway / before - 0.7.squareRoot()) < 0.01, "midway \(midway / before)")
        #expect(abs(after / before - 0.7) < 0.01, "after \(after / before)")
        let last = try #require(sim.quote(symbol: "ETHUSD")?.last)
        #expect(abs(sim.catalogue["ETHUSD"]!.priceValue(last) / after - 1) < 0.02, "traded price follows the crash")
        #expect(throws: ScenarioError.self) {
            try sim.scheduleEvent(symbol: "ETHUSD", kind: .trend, magnitudePct: 5, durationSeconds: 60, atMillis: sim.nowMillis - 1)
        }
    }

    @Test func userOrdersTradeInTheSameBookAsAgents() throws {
        var sim = MarketSimulator(catalogue: Self.crypto, seed: 2, startMillis: Self.monday)
        _ = Self.run(&sim, from: Self.monday, steps: 20)
        let ask = try #require(sim.quote(symbol: "BTCUSD")?.ask)
        let events = sim.submit(Order.limit(id: 77, owner: 4_242, .buy, 3, at: ask.ticks, tif: .ioc), symbol: "BTCUSD")
        #expect(events.first == .accepted(orderId: 77, owner: 4_242))
        let trades = events.compactMap { if case .trade(let t) = $0 { return t } else { return nil } }
        #expect(!trades.isEmpty)
        #expect(trades.allSatisfy { $0.takerOwner == 4_242 && HouseAccounts.isHouse($0.makerOwner) && $0.price <= ask })
        // The fill reaches market data with the next step.
        let next = sim.step(nowMillis: sim.nowMillis + 250)
        #expect(next.trades.contains { $0.trade.takerOrderId == 77 })

        // A resting user order later filled by an agent is reported as a user-order event.
        let bid = try #require(sim.quote(symbol: "BTCUSD")?.bid)
        _ = sim.submit(Order.limit(id: 78, owner: 4_242, .sell, 2, at: bid.ticks + 1, tif: .gtc), symbol: "BTCUSD")
        let later = Self.run(&sim, from: sim.nowMillis, steps: 2_000)
        #expect(later.userOrderEvents.contains { if case .trade(let t) = $0.event { return t.makerOrderId == 78 } else { return false } })

        #expect(sim.submit(Order.market(id: 1, owner: 5, .buy, 1), symbol: "BTCUSD") == [.rejected(orderId: 1, code: .reservedOwner)])
        #expect(sim.submit(Order.market(id: HouseAccounts.agentOrderIdFloor, owner: 5_000, .buy, 1), symbol: "BTCUSD")
                == [.rejected(orderId: HouseAccounts.agentOrderIdFloor, code: .reservedOrderId)])
        #expect(sim.submit(Order.market(id: 2, owner: 5_000, .buy, 1), symbol: "NOPE") == [.rejected(orderId: 2, code: .unknownSymbol)])
        #expect(sim.cancel(orderId: HouseAccounts.agentOrderIdFloor + 1, symbol: "BTCUSD")
                == [.rejected(orderId: HouseAccounts.agentOrderIdFloor + 1, code: .reservedOrderId)])
    }

    @Test func closedSessionsRefuseOrdersAndExpireDayOrders() throws {
        let start = Self.monday + 5 * 3_600_000 + 59 * 60_000 // 20:59 UTC, a minute before the stock close
        var sim = MarketSimulator(seed: 4, startMillis: start)
        _ = Self.run(&sim, from: start, steps: 8)
        let bid = try #require(sim.quote(symbol: "ACME")?.bid)
        let events = sim.submit(Order.limit(id: 5, owner: 9_000, .buy, 1, at: bid.ticks - 50, tif: .day), symbol: "ACME")
        #expect(events == [.accepted(orderId: 5, owner: 9_000)])
        let output = Self.run(&sim, from: sim.nowMillis, steps: 4 * 70)
        #expect(output.userOrderEvents.contains { $0.event == .expired(orderId: 5, owner: 9_000, remaining: Quantity(lots: 1)) })
        #expect(sim.isOpen(symbol: "ACME") == false)
        #expect(sim.submit(Order.market(id: 6, owner: 9_000, .buy, 1), symbol: "ACME") == [.rejected(orderId: 6, code: .marketClosed)])
        #expect(sim.depth(symbol: "ACME", side: .buy, levels: 5).isEmpty, "house day quotes expire at the close too")
        #expect(sim.isOpen(symbol: "BTCUSD") == true)
    }

    @Test func restoreResumesFromTheLastPrices() throws {
        var sim = MarketSimulator(catalogue: Self.crypto, seed: 1, startMillis: Self.monday)
        sim.restore(lastPrices: ["BTCUSD": Price(ticks: 7_000_000)])
        #expect(sim.quote(symbol: "BTCUSD")?.last == Price(ticks: 7_000_000))
        #expect(sim.fairValue(symbol: "BTCUSD") == 70_000)
        _ = Self.run(&sim, from: Self.monday, steps: 400)
        let last = try #require(sim.quote(symbol: "BTCUSD")?.last)
        #expect(abs(Double(last.ticks) / 7_000_000 - 1) < 0.01)

        let resting = RestingOrder(order: Order.limit(id: 9, owner: 7_000, .buy, 10, at: 100), remaining: Quantity(lots: 4), isPendingStop: false)
        #expect(sim.restoreOrders([resting], symbol: "BTCUSD") == [.accepted(orderId: 9, owner: 7_000)])
        #expect(sim.userOrders(symbol: "BTCUSD") == [resting])
    }

    @Test func controlsValidateAndApplyToTheWholeInstrument() throws {
        var sim = MarketSimulator(catalogue: Self.crypto, seed: 1, startMillis: Self.monday)
        #expect(throws: ScenarioError.self) { try sim.setScenario(symbol: "BTCUSD", parameters: ScenarioParameters(volatility: 9)) }
        #expect(throws: ScenarioError.unknownSymbol("X")) { try sim.applyPreset(.crash, symbol: "X") }
        let scenario = try sim.applyPreset(.volatile, symbol: "BTCUSD", rampSeconds: 60)
        #expect(scenario.preset == .volatile && scenario.ramp != nil)
        _ = Self.run(&sim, from: Self.monday, steps: 120)
        let halfway = try #require(sim.currentParameters(symbol: "BTCUSD"))
        #expect(halfway.volatility > ScenarioPreset.calm.parameters.volatility && halfway.volatility < ScenarioPreset.volatile.parameters.volatility)
        #expect(sim.currentParameters(symbol: "ETHUSD") == ScenarioPreset.calm.parameters)
    }

    /// With the volatile preset the traded price's 5-minute returns have fat tails and their sizes
    /// cluster (positive autocorrelation of absolute returns), unlike a plain random walk.
    @Test func returnsShowFatTailsAndVolatilityClustering() throws {
        let btc = try InstrumentCatalogue(instruments: [InstrumentCatalogue.standard["BTCUSD"]!])
        var sim = MarketSimulator(catalogue: btc, seed: 1, startMillis: Self.monday)
        try sim.applyPreset(.volatile, symbol: "BTCUSD")
        var prices: [Double] = []
        var output = SimulatorOutput()
        for s in 1...(2 * 86_400 / 5) {
            output.removeAll()
            let now = Self.monday + Int64(s) * 5_000
            sim.step(nowMillis: now, into: &output)
            if now % 300_000 == 0, let last = sim.quote(symbol: "BTCUSD")?.last { prices.append(Double(last.ticks)) }
        }
        let returns = zip(prices.dropFirst(), prices).map { Foundation.log($0 / $1) }
        let n = Double(returns.count)
        let mean = returns.reduce(0, +) / n
        let variance = returns.reduce(0) { $0 + ($1 - mean) * ($1 - mean) } / n
        let kurtosis = returns.reduce(0) { $0 + pow($1 - mean, 4) } / n / (variance * variance)
        let absolute = returns.map { abs($0) }
        let absMean = absolute.reduce(0, +) / n
        var num = 0.0, den = 0.0
        for i in absolute.indices {
            den += (absolute[i] - absMean) * (absolute[i] - absMean)
            if i > 0 { num += (absolute[i] - absMean) * (absolute[i - 1] - absMean) }
        }
        #expect(kurtosis > 3.5, "kurtosis \(kurtosis)")
        #expect(num / den > 0.1, "autocorrelation of |r| \(num / den)")
    }
}
