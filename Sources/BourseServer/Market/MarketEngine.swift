import Foundation
import MarketCore

/// The one owner of the simulated market: every instrument's book, process, agents and
/// scenario live in one `MarketSimulator` value that only this actor touches, so matching needs
/// no locks and every command sees a consistent market.
actor MarketEngine {
    var simulator: MarketSimulator
    private var output = SimulatorOutput()
    /// Recent prints per symbol, newest last, for `/market/{symbol}/trades`.
    private var recentTrades: [String: Ring<RecentTrade>] = [:]
    /// Recently closed candles per symbol and interval, so charts see a candle the moment it
    /// closes rather than when the next batch reaches the database.
    private var recentCandles: [CandleKey: Ring<Candle>] = [:]
    /// Simulation speed: simulated milliseconds per real millisecond.
    let speed: Double
    private let realStart: Date
    private let simulationStartMillis: Int64
    private var nextTradeID: Int64 = 1
    /// Simulated time skipped after a jump of the clock (a suspended machine, a paused process):
    /// the market moves on from where it was instead of replaying hours of agent activity in one
    /// step, which would take minutes of CPU and gigabytes of orders.
    private var skippedMillis: Int64 = 0
    /// The most simulated time one step may cover.
    let maxStepMillis: Int64
    /// Users' accounts and open orders, owned here beside the books they trade in.
    var trading: TradingState
    /// Where trading batches go to become durable; nil until trading is wired in.
    var journal: OrderJournal?

    static let recentTradeCapacity = 500
    static let recentCandleCapacity = 600

    struct CandleKey: Hashable {
        let symbol: String
        let interval: CandleInterval
    }

    init(catalogue: InstrumentCatalogue, seed: UInt64, speed: Double, now: Date, maxStepMillis: Int64 = 5_000) {
        self.maxStepMillis = maxStepMillis
        let startMillis = Int64((now.timeIntervalSince1970 * 1000).rounded())
        self.simulator = MarketSimulator(catalogue: catalogue, seed: seed, startMillis: startMillis)
        self.catalogue = catalogue
        self.trading = TradingState(catalogue: catalogue)
        self.speed = speed
        self.realStart = now
        self.simulationStartMillis = startMillis
    }

    /// The instruments; fixed for the process's life, so readable without a hop onto the actor.
    nonisolated let catalogue: InstrumentCatalogue
    var nowMillis: Int64 { simulator.nowMillis }

    /// The simulation time for a wall-clock time: real time, scaled by `speed` since start.
    func simulationMillis(at date: Date) -> Int64 {
        let elapsed = date.timeIntervalSince(realStart) * 1000 * speed
        return simulationStartMillis + Int64(elapsed.rounded()) - skippedMillis
    }

    /// Advances the market to `date`; returns what happened (a copy: the buffer is reused) and
    /// the id given to the step's first trade (the others follow in order). Fills and expiries
    /// of users' resting orders go to the journal.
    func step(to date: Date) -> (output: SimulatorOutput, firstTradeID: Int64) {
        output.removeAll()
        var target = simulationMillis(at: date)
        if target - simulator.nowMillis > maxStepMillis {
            skippedMillis += target - simulator.nowMillis - maxStepMillis
            target = simulator.nowMillis + maxStepMillis
        }
        simulator.step(nowMillis: target, into: &output)
        if !output.userOrderEvents.isEmpty {
            var batch = JournalBatch()
            for event in output.userOrderEvents {
                trading.apply([event.event], symbol: event.symbol, now: date, into: &batch)
            }
            if !batch.isEmpty { _ = journal?.enqueue(batch) }
        }
        let firstTradeID = nextTradeID
        for trade in output.trades {
            recentTrades[trade.symbol, default: Ring(capacity: Self.recentTradeCapacity)].append(RecentTrade(id: nextTradeID, trade: trade))
            nextTradeID += 1
        }
        for closed in output.closedCandles {
            recentCandles[CandleKey(symbol: closed.symbol, interval: closed.candle.interval), default: Ring(capacity: Self.recentCandleCapacity)]
                .append(closed.candle)
        }
        return (output, firstTradeID)
    }

    /// Resumes from persisted state: last prices, scenarios and halts.
    func restore(_ states: [PersistedInstrumentState]) {
        var prices: [String: Price] = [:]
        for state in states {
            if let ticks = state.lastPriceTicks { prices[state.symbol] = Price(ticks: ticks) }
        }
        simulator.restore(lastPrices: prices)
        for state in states where simulator.catalogue[state.symbol] != nil {
            if let parameters = state.parameters {
                _ = try? simulator.setScenario(symbol: state.symbol, parameters: parameters, preset: state.preset, rampSeconds: 0)
            }
            if state.halted { try? simulator.halt(symbol: state.symbol) }
        }
    }

    // MARK: Reads

    func quotes() -> [Quote] { simulator.quotes }
    func quote(symbol: String) -> Quote? { simulator.quote(symbol: symbol) }
    func depth(symbol: String, levels: Int) -> (bids: [DepthLevel], asks: [DepthLevel]) {
        (simulator.depth(symbol: symbol, side: .buy, levels: levels), simulator.depth(symbol: symbol, side: .sell, levels: levels))
    }
    func trades(symbol: String, limit: Int) -> [RecentTrade] {
        recentTrades[symbol]?.newest(limit) ?? []
    }
    /// Recently closed candles, oldest first.
    func recentClosedCandles(symbol: String, interval: CandleInterval) -> [Candle] {
        (recentCandles[CandleKey(symbol: symbol, interval: interval)]?.newest(Self.recentCandleCapacity) ?? []).reversed()
    }
    func currentCandle(symbol: String, interval: CandleInterval) -> Candle? {
        simulator.currentCandle(symbol: symbol, interval: interval)
    }
    func controlState(symbol: String) -> ControlState? {
        guard let scenario = simulator.scenario(symbol: symbol), let current = simulator.currentParameters(symbol: symbol) else { return nil }
        return ControlState(symbol: symbol, scenario: scenario, current: current, fairValue: simulator.fairValue(symbol: symbol),
                            nowMillis: simulator.nowMillis)
    }
    func controlStates() -> [ControlState] { simulator.catalogue.instruments.compactMap { controlState(symbol: $0.symbol) } }
    func states() -> [PersistedInstrumentState] {
        simulator.catalogue.instruments.compactMap { instrument in
            guard let scenario = simulator.scenario(symbol: instrument.symbol) else { return nil }
            return PersistedInstrumentState(
                symbol: instrument.symbol, lastPriceTicks: simulator.quote(symbol: instrument.symbol)?.last?.ticks,
                fairValue: simulator.fairValue(symbol: instrument.symbol), halted: scenario.halted,
                parameters: scenario.target, preset: scenario.preset)
        }
    }

    // MARK: Controls (market-wide by construction: the simulator has no per-user control)

    func setScenario(symbol: String, parameters: ScenarioParameters, preset: ScenarioPreset?, rampSeconds: Double) throws(ScenarioError) -> ControlState {
        _ = try simulator.setScenario(symbol: symbol, parameters: parameters, preset: preset, rampSeconds: rampSeconds)
        return controlState(symbol: symbol)!
    }

    func scheduleEvent(symbol: String, kind: MarketEvent.Kind, magnitudePct: Double, durationSeconds: Double, atMillis: Int64?) throws(ScenarioError) -> MarketEvent {
        try simulator.scheduleEvent(symbol: symbol, kind: kind, magnitudePct: magnitudePct, durationSeconds: durationSeconds, atMillis: atMillis)
    }

    func setHalted(_ halted: Bool, symbol: String?) throws(ScenarioError) {
        if halted { try simulator.halt(symbol: symbol) } else { try simulator.resume(symbol: symbol) }
    }
}

/// A print of the recent-trades ring: the trade and the id it was published with.
struct RecentTrade: Sendable {
    let id: Int64
    let trade: MarketTrade
}

/// What the control endpoints show of one instrument.
struct ControlState: Sendable {
    let symbol: String
    let scenario: Scenario
    let current: ScenarioParameters
    let fairValue: Double?
    let nowMillis: Int64
}

/// The row of `instrument_state`, as the engine reads and writes it.
struct PersistedInstrumentState: Sendable, Equatable {
    let symbol: String
    let lastPriceTicks: Int64?
    let fairValue: Double?
    let halted: Bool
    let parameters: ScenarioParameters?
    let preset: ScenarioPreset?
}
