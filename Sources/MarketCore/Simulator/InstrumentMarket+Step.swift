extension InstrumentMarket {
    /// Advances this instrument to `now`: scenario and fair value always move; at session end (or at
    /// 00:00 UTC) day orders expire; agents trade only while the session is open and not halted.
    mutating func step(nowMillis now: Int64, output: inout SimulatorOutput, events: inout [OrderBookEvent]) {
        let previous = lastStepMillis
        guard now > previous else { return }
        let dt = Double(now - previous) / 1000
        let (logReturn, stressed) = scenario.advance(from: previous, to: now)
        self.stressed = stressed
        let parameters = scenario.parameters(atMillis: now)
        process.parameters = Self.processParameters(parameters, target: process.parameters.target)
        volatility.step(dt: dt)
        process.step(dt: dt, volatilityMultiplier: volatility.multiplier, extraLogReturn: logReturn)

        let today = CandleInterval.oneDay.bucketStart(now)
        let dayChanged = today != day
        if dayChanged {
            day = today
            dayVolume = .zero
            dayOpen = book.lastTradePrice ?? dayOpen
        }
        let open = instrument.session.isOpen(atEpochMillis: now)
        if dayChanged || (wasOpen && !open) {
            events.removeAll(keepingCapacity: true)
            book.expireDay(into: &events)
            absorb(events[...], nowMillis: now, output: &output, reportUserEvents: true)
        }
        wasOpen = open
        lastStepMillis = now

        if open && !scenario.halted {
            let context = AgentContext(
                instrument: instrument, nowMillis: now, dt: dt, fairValue: process.value, parameters: parameters,
                volatilityMultiplier: volatility.multiplier, stressed: stressed, bestBid: book.bestBid,
                bestAsk: book.bestAsk, lastPrice: book.lastTradePrice)
            agentOrders.commands.removeAll(keepingCapacity: true)
            for i in makers.indices { makers[i].act(context, &agentOrders) }
            value.act(context, &agentOrders)
            momentum.act(context, &agentOrders)
            noise.act(context, &agentOrders)
            let commands = agentOrders.commands
            for command in commands {
                events.removeAll(keepingCapacity: true)
                apply(command, nowMillis: now, events: &events, output: &output, reportUserEvents: true)
            }
        }

        candles.close(upTo: now, closed: &closedScratch)
        for candle in closedScratch { output.closedCandles.append(ClosedCandle(symbol: instrument.symbol, candle: candle)) }
        closedScratch.removeAll(keepingCapacity: true)
        publishQuoteIfChanged(&output)
    }

    mutating func publishQuoteIfChanged(_ output: inout SimulatorOutput) {
        let current = quote()
        if current != lastQuote {
            lastQuote = current
            output.quotes.append(current)
        }
    }
}
