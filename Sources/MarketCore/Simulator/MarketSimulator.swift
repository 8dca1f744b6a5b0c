import Foundation

/// The whole simulated market: one book, fair-value process, scenario and set of agents per instrument.
///
/// A value type owned by one task (the server's simulator service); every method is synchronous
/// and deterministic for the seed, the catalogue and the sequence of calls. User orders go through
/// the very same book as the agents' orders. Controls are market-wide: there is deliberately no
/// way to address one user's prices or fills.
public struct MarketSimulator: Sendable {
    public let catalogue: InstrumentCatalogue
    var markets: [InstrumentMarket]
    /// Market data produced by user commands since the last step, published with the next step.
    var pending = SimulatorOutput()
    var scratch: [OrderBookEvent] = []
    /// Simulation time of the last step, epoch milliseconds UTC.
    public private(set) var nowMillis: Int64

    public init(catalogue: InstrumentCatalogue = .standard, seed: UInt64, startMillis: Int64) {
        var seeds = SplitMix64(seed: seed)
        self.catalogue = catalogue
        self.markets = catalogue.instruments.map { InstrumentMarket(instrument: $0, seed: seeds.next(), nowMillis: startMillis) }
        self.nowMillis = startMillis
        scratch.reserveCapacity(256)
    }

    // MARK: time

    /// Advances every instrument to `nowMillis` (dt is the time since the previous step) and appends
    /// what happened to `output`. Earlier or equal times are ignored: simulation time never goes back.
    public mutating func step(nowMillis now: Int64, into output: inout SimulatorOutput) {
        output.trades.append(contentsOf: pending.trades)
        output.closedCandles.append(contentsOf: pending.closedCandles)
        output.userOrderEvents.append(contentsOf: pending.userOrderEvents)
        pending.removeAll()
        guard now > nowMillis else { return }
        nowMillis = now
        for i in markets.indices { markets[i].step(nowMillis: now, output: &output, events: &scratch) }
    }

    /// Convenience form of `step(nowMillis:into:)` returning a fresh output.
    public mutating func step(nowMillis now: Int64) -> SimulatorOutput {
        var output = SimulatorOutput()
        step(nowMillis: now, into: &output)
        return output
    }

    // MARK: user orders

    /// Submits a user's order to its instrument's book at the current simulation time.
    ///
    /// Returns every event of the command, which may concern other owners too (the makers it traded
    /// with, stops it triggered); the caller must handle each by its owner. Refusals come back as a
    /// single `.rejected` event.
    public mutating func submit(_ order: Order, symbol: String) -> [OrderBookEvent] {
        userCommand(.place(order), symbol: symbol)
    }

    /// Cancels a user's order; allowed while halted or closed.
    public mutating func cancel(orderId: UInt64, symbol: String) -> [OrderBookEvent] {
        userCommand(.cancel(orderId: orderId), symbol: symbol)
    }

    /// Applies a user's place, cancel, reduce or move. The caller has checked the order belongs to the user.
    public mutating func userCommand(_ command: OrderBookCommand, symbol: String) -> [OrderBookEvent] {
        let orderId: UInt64
        switch command {
        case .place(let order):
            orderId = order.id
            if HouseAccounts.isHouse(order.owner) { return [.rejected(orderId: orderId, code: .reservedOwner)] }
        case .cancel(let id), .reduce(let id, _), .move(let id, _):
            orderId = id
        case .restore(let resting):
            return [.rejected(orderId: resting.order.id, code: .notRestorable)]
        }
        guard let i = catalogue.index(of: symbol) else { return [.rejected(orderId: orderId, code: .unknownSymbol)] }
        if orderId >= HouseAccounts.agentOrderIdFloor { return [.rejected(orderId: orderId, code: .reservedOrderId)] }
        let tradesWithPrices: Bool
        switch command {
        case .place, .move: tradesWithPrices = true
        default: tradesWithPrices = false
        }
        if tradesWithPrices {
            if markets[i].scenario.halted { return [.rejected(orderId: orderId, code: .instrumentHalted)] }
            if !markets[i].instrument.session.isOpen(atEpochMillis: nowMillis) { return [.rejected(orderId: orderId, code: .marketClosed)] }
        }
        var events: [OrderBookEvent] = []
        markets[i].apply(command, nowMillis: nowMillis, events: &events, output: &pending, reportUserEvents: false)
        markets[i].publishQuoteIfChanged(&pending)
        return events
    }

    /// Puts users' open orders back after a restart, without matching; returns one event per order.
    public mutating func restoreOrders(_ orders: [RestingOrder], symbol: String) -> [OrderBookEvent] {
        guard let i = catalogue.index(of: symbol) else { return orders.map { .rejected(orderId: $0.order.id, code: .unknownSymbol) } }
        var events: [OrderBookEvent] = []
        for order in orders {
            if HouseAccounts.isHouse(order.order.owner) || order.order.id >= HouseAccounts.agentOrderIdFloor {
                events.append(.rejected(orderId: order.order.id, code: .reservedOwner))
                continue
            }
            markets[i].book.apply(.restore(order), into: &events)
        }
        return events
    }

    /// Resumes from the last traded prices after a restart instead of the catalogue's starting prices.
    public mutating func restore(lastPrices: [String: Price]) {
        for (symbol, price) in lastPrices {
            guard let i = catalogue.index(of: symbol), price.ticks > 0, price <= markets[i].instrument.maxPrice else { continue }
            let value = markets[i].instrument.priceValue(price)
            markets[i].book.lastTradePrice = price
            markets[i].process.reset(value: value)
            markets[i].process.parameters.target = value
            markets[i].dayOpen = price
        }
    }

    // MARK: control

    private func marketIndex(_ symbol: String) throws(ScenarioError) -> Int {
        guard let i = catalogue.index(of: symbol) else { throw .unknownSymbol(symbol) }
        return i
    }

    /// Sets an instrument's scenario parameters, reached linearly over `rampSeconds`; returns the new scenario.
    @discardableResult
    public mutating func setScenario(symbol: String, parameters: ScenarioParameters, preset: ScenarioPreset? = nil,
                                     rampSeconds: Double = 0) throws(ScenarioError) -> Scenario {
        let i = try marketIndex(symbol)
        try markets[i].scenario.set(parameters, rampSeconds: rampSeconds, preset: preset, nowMillis: nowMillis)
        return markets[i].scenario
    }

    /// Switches an instrument to a preset, over `rampSeconds`.
    @discardableResult
    public mutating func applyPreset(_ preset: ScenarioPreset, symbol: String, rampSeconds: Double = 0) throws(ScenarioError) -> Scenario {
        try setScenario(symbol: symbol, parameters: preset.parameters, preset: preset, rampSeconds: rampSeconds)
    }

    /// Schedules a shock or trend on an instrument, now (`atMillis` nil) or later; never in the past.
    @discardableResult
    public mutating func scheduleEvent(symbol: String, kind: MarketEvent.Kind, magnitudePct: Double, durationSeconds: Double,
                                       atMillis: Int64? = nil) throws(ScenarioError) -> MarketEvent {
        let i = try marketIndex(symbol)
        let event = try MarketEvent(kind: kind, magnitudePct: magnitudePct, durationSeconds: durationSeconds, atMillis: atMillis, nowMillis: nowMillis)
        markets[i].scenario.schedule(event)
        return event
    }

    /// Halts one instrument, or all with nil: no matching, no agent orders, no trades until resumed.
    public mutating func halt(symbol: String?) throws(ScenarioError) { try setHalted(true, symbol: symbol) }

    /// Resumes one instrument, or all with nil.
    public mutating func resume(symbol: String?) throws(ScenarioError) { try setHalted(false, symbol: symbol) }

    private mutating func setHalted(_ halted: Bool, symbol: String?) throws(ScenarioError) {
        let targets = try symbol.map { s throws(ScenarioError) in [try marketIndex(s)] } ?? Array(markets.indices)
        for i in targets {
            markets[i].scenario.halted = halted
            markets[i].publishQuoteIfChanged(&pending)
        }
    }

    // MARK: queries

    public func scenario(symbol: String) -> Scenario? { catalogue.index(of: symbol).map { markets[$0].scenario } }
    /// The parameters in force now (along any ramp).
    public func currentParameters(symbol: String) -> ScenarioParameters? {
        catalogue.index(of: symbol).map { markets[$0].scenario.parameters(atMillis: nowMillis) }
    }
    public func quote(symbol: String) -> Quote? { catalogue.index(of: symbol).map { markets[$0].quote() } }
    public var quotes: [Quote] { markets.map { $0.quote() } }
    public func depth(symbol: String, side: Side, levels: Int) -> [DepthLevel] {
        catalogue.index(of: symbol).map { markets[$0].book.depth(side, levels: levels) } ?? []
    }
    public func order(symbol: String, id: UInt64) -> RestingOrder? { catalogue.index(of: symbol).flatMap { markets[$0].book.order(id: id) } }
    /// Users' open orders of an instrument (agents' orders left out), in canonical book order.
    public func userOrders(symbol: String) -> [RestingOrder] {
        catalogue.index(of: symbol).map { markets[$0].book.allOrders().filter { !HouseAccounts.isHouse($0.order.owner) } } ?? []
    }
    public func isHalted(symbol: String) -> Bool? { catalogue.index(of: symbol).map { markets[$0].scenario.halted } }
    public func isOpen(symbol: String) -> Bool? {
        catalogue.index(of: symbol).map { markets[$0].instrument.session.isOpen(atEpochMillis: nowMillis) }
    }
    /// The candle still forming, for live charts.
    public func currentCandle(symbol: String, interval: CandleInterval) -> Candle? {
        catalogue.index(of: symbol).flatMap { markets[$0].candles.current(interval) }
    }
    /// The instrument's fair value (for administrators and tests; users see only prices).
    public func fairValue(symbol: String) -> Double? { catalogue.index(of: symbol).map { markets[$0].process.value } }
    /// Checks every book's invariants.
    public func validateInvariants() throws(OrderBookInvariantError) {
        for market in markets { try market.book.validateInvariants() }
    }
    /// A hash of every book's state, to compare runs.
    public var stateHash: UInt64 {
        var hasher = StateHasher()
        for market in markets { hasher.combine(market.book.stateHash) }
        return hasher.value
    }
}
