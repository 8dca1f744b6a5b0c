import Foundation

/// Everything the simulator keeps for one instrument: book, fair value, agents, scenario, candles.
struct InstrumentMarket: Sendable {
    let instrument: Instrument
    var book: FastOrderBook
    var process: FairValueProcess
    var volatility: StochasticVolatility
    var scenario: Scenario
    var makers: [MarketMaker]
    var noise: NoiseTrader
    var momentum: MomentumTrader
    var value: ValueTrader
    var candles = CandleAggregator()
    var agentOrders = AgentOrders()
    var lastStepMillis: Int64
    var wasOpen: Bool
    var stressed = false
    var day: Int64
    var dayOpen: Price
    var dayVolume = Quantity.zero
    var lastQuote: Quote?

    init(instrument: Instrument, seed: UInt64, nowMillis: Int64) {
        var rng = Xoshiro256StarStar(seed: seed)
        let start = instrument.priceValue(instrument.startingPrice)
        let scenario = Scenario()
        self.instrument = instrument
        self.book = FastOrderBook(instrument: instrument)
        self.scenario = scenario
        self.process = FairValueProcess(initialValue: start, parameters: Self.processParameters(scenario.target, target: start), seed: rng.next())
        self.volatility = StochasticVolatility(seed: rng.next())
        self.makers = [
            MarketMaker(owner: HouseAccounts.primaryMarketMaker, levels: 5, spreadMultiplier: 1, sizeMultiplier: 1, seed: rng.next()),
            MarketMaker(owner: HouseAccounts.secondaryMarketMaker, levels: 3, spreadMultiplier: 1.8, sizeMultiplier: 2, seed: rng.next()),
        ]
        self.noise = NoiseTrader(seed: rng.next())
        self.momentum = MomentumTrader(seed: rng.next())
        self.value = ValueTrader(seed: rng.next())
        self.lastStepMillis = nowMillis
        self.wasOpen = instrument.session.isOpen(atEpochMillis: nowMillis)
        self.day = CandleInterval.oneDay.bucketStart(nowMillis)
        self.dayOpen = instrument.startingPrice
    }

    static func processParameters(_ p: ScenarioParameters, target: Double?) -> FairValueParameters {
        FairValueParameters(drift: p.drift, volatility: p.volatility, jumpIntensity: p.jumpIntensity, jumpMean: p.jumpMean,
                            jumpStdev: p.jumpStdev, meanReversion: p.meanReversion, target: target)
    }

    var isOpenNow: Bool { wasOpen }

    func quote() -> Quote {
        let bid = book.depth(.buy, levels: 1).first
        let ask = book.depth(.sell, levels: 1).first
        return Quote(symbol: instrument.symbol, bid: bid?.price, bidSize: bid?.quantity ?? .zero, ask: ask?.price,
                     askSize: ask?.quantity ?? .zero, last: book.lastTradePrice, dayVolume: dayVolume, dayOpen: dayOpen,
                     halted: scenario.halted, open: wasOpen)
    }

    /// Applies one command to the book and routes what happened: trades to candles, stats and the
    /// feed; agent fills to the agents; user-order events to `userEvents` when asked.
    mutating func apply(_ command: OrderBookCommand, nowMillis: Int64, events: inout [OrderBookEvent],
                        output: inout SimulatorOutput, reportUserEvents: Bool) {
        let first = events.count
        book.apply(command, into: &events)
        absorb(events[first...], nowMillis: nowMillis, output: &output, reportUserEvents: reportUserEvents)
    }

    mutating func absorb(_ events: ArraySlice<OrderBookEvent>, nowMillis: Int64, output: inout SimulatorOutput, reportUserEvents: Bool) {
        for event in events {
            let owner: UInt64
            switch event {
            case .trade(let trade):
                output.trades.append(MarketTrade(symbol: instrument.symbol, timeMillis: nowMillis, trade: trade))
                candles.add(price: trade.price, quantity: trade.quantity, atMillis: nowMillis, closed: &closedScratch)
                dayVolume += trade.quantity
                for i in makers.indices {
                    if makers[i].owner == trade.makerOwner { makers[i].filled(side: trade.aggressor.opposite, quantity: trade.quantity) }
                    if makers[i].owner == trade.takerOwner { makers[i].filled(side: trade.aggressor, quantity: trade.quantity) }
                }
                if reportUserEvents && (!HouseAccounts.isHouse(trade.makerOwner) || !HouseAccounts.isHouse(trade.takerOwner)) {
                    output.userOrderEvents.append(UserOrderEvent(symbol: instrument.symbol, timeMillis: nowMillis, event: event))
                }
                continue
            case .rejected:
                continue
            case .accepted(_, let o), .canceled(_, let o, _, _), .expired(_, let o, _), .triggered(_, let o),
                 .reduced(_, let o, _), .moved(_, let o, _):
                owner = o
            }
            if reportUserEvents && !HouseAccounts.isHouse(owner) {
                output.userOrderEvents.append(UserOrderEvent(symbol: instrument.symbol, timeMillis: nowMillis, event: event))
            }
        }
        for candle in closedScratch { output.closedCandles.append(ClosedCandle(symbol: instrument.symbol, candle: candle)) }
        closedScratch.removeAll(keepingCapacity: true)
    }

    var closedScratch: [Candle] = []
}
