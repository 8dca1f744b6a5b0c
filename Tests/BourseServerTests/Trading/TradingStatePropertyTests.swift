@testable import BourseServer
import Foundation
import MarketCore
import Testing

/// Seeded random order flow from many users through `TradingState` and the real simulator,
/// checking the money invariants of the trading issue after every batch.
@Suite("Trading invariants under random order flow")
struct TradingStatePropertyTests {
    /// Monday 2026-01-05 15:00 UTC: every session of the catalogue is open.
    static let start: Int64 = 1_767_625_200_000

    struct Run {
        var state: TradingState
        var simulator: MarketSimulator
        var postings: [Int64: Money] = [:]
        var fillLots: [PositionKey: Int64] = [:]
        var commands = 0
        var fills = 0
    }

    static func makeRun(seed: UInt64, accounts: Int) -> Run {
        var state = TradingState(catalogue: .standard)
        for index in 1...accounts {
            let id = Int64(index)
            state.accounts[id] = AccountState(accountID: id, userID: UUID(), cash: Money(units: 100_000), reserved: .zero,
                                              startingCash: Money(units: 100_000), positions: [:])
        }
        return Run(state: state, simulator: MarketSimulator(catalogue: .standard, seed: seed, startMillis: start))
    }

    /// Checks every invariant against what the batch says happened.
    static func absorb(_ batch: JournalBatch, into run: inout Run) {
        for posting in batch.postings { run.postings[posting.accountID, default: .zero] += posting.amount }
        for fill in batch.fills {
            run.fills += 1
            run.fillLots[PositionKey(accountID: fill.accountID, symbol: fill.symbol), default: 0] += fill.side == .buy ? fill.quantity.lots : -fill.quantity.lots
            // The fill's postings: the buyer pays notional plus fee, the seller receives notional minus fee.
            let own = batch.postings.filter { $0.reference == "order:\(fill.orderID)" && $0.accountID == fill.accountID }
            #expect(!own.isEmpty)
        }
    }

    static func checkInvariants(_ run: Run) {
        var reservedByAccount: [Int64: Money] = [:]
        var sellLots: [PositionKey: Int64] = [:]
        for order in run.state.openOrders.values {
            #expect(order.status.isOpen, "order \(order.id) is in the open set as \(order.status)")
            #expect(order.remaining.lots > 0)
            reservedByAccount[order.accountID, default: .zero] += order.reserved
            if order.side == .sell { sellLots[PositionKey(accountID: order.accountID, symbol: order.symbol), default: 0] += order.remaining.lots }
        }
        for (id, account) in run.state.accounts {
            // Each account's ledger sums to its cash.
            #expect(account.cash == Money(units: 100_000) + (run.postings[id] ?? .zero), "account \(id) cash \(account.cash) vs ledger")
            // Reserved cash equals what open orders need.
            #expect(account.reserved == (reservedByAccount[id] ?? .zero), "account \(id) reserved \(account.reserved)")
            #expect(account.reserved >= .zero)
            #expect(account.cash >= .zero, "account \(id) went negative: \(account.cash)")
            for (symbol, position) in account.positions {
                let key = PositionKey(accountID: id, symbol: symbol)
                // Positions equal the sum of fills; shares promised to sells equal the open sells.
                #expect(position.lots == (run.fillLots[key] ?? 0), "position \(id) \(symbol)")
                #expect(position.reservedSellLots == (sellLots[key] ?? 0), "reserved sell lots \(id) \(symbol)")
                if run.state.catalogue[symbol]?.shortSellingAllowed == false {
                    #expect(position.lots >= 0, "short position without short selling: \(id) \(symbol)")
                }
            }
        }
    }

    /// Drives `commands` random commands (places, cancels, market steps).
    static func drive(_ run: inout Run, seed: UInt64, commands: Int, checkEvery: Int) async -> [String] {
        var random = Xoshiro256StarStar(seed: seed)
        let symbols = Catalogue.symbols
        var now = start
        var trace: [String] = []
        let accountIDs = run.state.accounts.keys.sorted()
        for index in 0..<commands {
            let roll = Int.random(in: 0..<100, using: &random)
            var batch = JournalBatch()
            if roll < 8 {
                now += 250
                var output = SimulatorOutput()
                run.simulator.step(nowMillis: now, into: &output)
                for event in output.userOrderEvents {
                    run.state.apply([event.event], symbol: event.symbol, now: Date(timeIntervalSince1970: Double(now) / 1000), into: &batch)
                }
            } else if roll < 25, let victim = run.state.openOrders.keys.sorted().randomElement(using: &random) {
                let accountID = run.state.openOrders[victim]!.accountID
                if let (_, cancelBatch) = run.state.cancel(orderID: victim, accountID: accountID, simulator: &run.simulator, now: Date()) {
                    batch = cancelBatch
                }
            } else {
                let symbol = symbols.randomElement(using: &random)!
                let instrument = run.state.catalogue[symbol]!
                let accountID = accountIDs.randomElement(using: &random)!
                let quote = run.simulator.quote(symbol: symbol)
                let reference = quote?.last ?? quote?.bid ?? instrument.startingPrice
                let offset = Int64.random(in: -30...30, using: &random)
                let price = Price(ticks: max(1, reference.ticks + offset * max(1, reference.ticks / 2000)))
                let types: [OrderType] = [.limit, .limit, .limit, .market, .stop, .stopLimit]
                let type = types.randomElement(using: &random)!
                let side: Side = Bool.random(using: &random) ? .buy : .sell
                let lots = Int64.random(in: 1...(symbol.hasSuffix("USD") && instrument.kind == .crypto ? 50 : 20), using: &random)
                let tif = [TimeInForce.day, .gtc, .ioc, .fok].randomElement(using: &random)!
                let stop = Price(ticks: side == .buy ? reference.ticks + abs(offset) + 1 : max(1, reference.ticks - abs(offset) - 1))
                let request = OrderRequest(
                    accountID: accountID, userID: run.state.accounts[accountID]!.userID, clientOrderID: nil, symbol: symbol, side: side,
                    type: type, timeInForce: type == .market ? .ioc : tif, quantity: Quantity(lots: lots),
                    limitPrice: (type == .limit || type == .stopLimit) ? price : nil,
                    stopPrice: (type == .stop || type == .stopLimit) ? stop : nil)
                switch run.state.place(request, simulator: &run.simulator, now: Date()) {
                case .success(let (record, placeBatch)):
                    batch = placeBatch
                    trace.append("\(record.id):\(record.status.rawValue):\(record.filled.lots)")
                case .failure(let rejection):
                    trace.append("x:\(rejection.code)")
                }
            }
            absorb(batch, into: &run)
            run.commands += 1
            // Tests share two cooperative threads on this machine: a long synchronous loop would
            // starve the server tests running beside it.
            if index % 200 == 0 { await Task.yield() }
            if index % checkEvery == 0 { checkInvariants(run) }
        }
        checkInvariants(run)
        return trace
    }

    enum Catalogue {
        static let symbols = InstrumentCatalogue.standard.instruments.map(\.symbol)
    }

    @Test("100,000 commands from 40 users keep every account's ledger, reservations and positions exact", arguments: [UInt64(7), 20261125])
    func invariants(seed: UInt64) async {
        var run = Self.makeRun(seed: seed, accounts: 40)
        _ = await Self.drive(&run, seed: seed &+ 1, commands: 50_000, checkEvery: 500)
        #expect(run.fills > 1_000, "the flow should trade: \(run.fills) fills")
        #expect((try? run.simulator.validateInvariants()) != nil)
    }

    @Test("the same seed and commands give the same orders, fills and balances")
    func determinism() async {
        var first = Self.makeRun(seed: 99, accounts: 10)
        var second = Self.makeRun(seed: 99, accounts: 10)
        let traceA = await Self.drive(&first, seed: 5, commands: 5_000, checkEvery: 5_000)
        let traceB = await Self.drive(&second, seed: 5, commands: 5_000, checkEvery: 5_000)
        #expect(traceA == traceB)
        #expect(first.state.accounts.mapValues(\.cash) == second.state.accounts.mapValues(\.cash))
        #expect(first.simulator.stateHash == second.simulator.stateHash)
    }
}
