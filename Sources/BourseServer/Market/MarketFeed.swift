import Foundation
import Logging
import MarketCore
import Realtime
import Synchronization

/// Publishes market data and control announcements on the bus's `market` topic, as
/// `{"type": "...", "data": {...}}`; the push hub wraps each in a channel envelope.
struct MarketFeed: Sendable {
    static let topic = "market"

    let bus: any MessageBus
    let logger: Logger
    private let failures = FailureThrottle(every: .seconds(10))

    init(bus: any MessageBus, logger: Logger) {
        self.bus = bus
        self.logger = logger
    }

    private struct Message<Payload: Encodable>: Encodable {
        let type: String
        let data: Payload
    }

    func publish(type: String, _ data: some Encodable) async {
        do {
            let bytes = try JSONResponse.encoder.encode(Message(type: type, data: data))
            try await bus.publish(Self.topic, Array(bytes))
        } catch {
            // Every step publishes dozens of messages: while the bus is down, say so once in a while.
            if failures.shouldLog() {
                logger.warning("market feed publish failed", metadata: ["type": "\(type)", "error": "\(error)", "failures": "\(failures.count)"])
            }
        }
    }

    /// One simulator step's market data: trades, then quotes, then closed candles.
    func publish(_ output: SimulatorOutput, firstTradeID: Int64, catalogue: InstrumentCatalogue, nowMillis: Int64) async {
        for (index, trade) in output.trades.enumerated() {
            guard let instrument = catalogue[trade.symbol] else { continue }
            await publish(type: "trade", TradeDTO(id: firstTradeID + Int64(index), trade, instrument: instrument))
        }
        for quote in output.quotes {
            guard let instrument = catalogue[quote.symbol] else { continue }
            await publish(type: "quote", QuoteDTO(quote, instrument: instrument, nowMillis: nowMillis))
        }
        for closed in output.closedCandles {
            guard let instrument = catalogue[closed.symbol] else { continue }
            await publish(type: "candle", CandleDTO(symbol: closed.symbol, closed.candle, instrument: instrument, closed: true))
        }
    }
}

/// Counts failures and says when one is worth a log line: the first, then one per period.
final class FailureThrottle: Sendable {
    private let state = Mutex<(count: Int, lastLogged: ContinuousClock.Instant?)>((0, nil))
    let every: Duration

    init(every: Duration) { self.every = every }

    var count: Int { state.withLock { $0.count } }

    func shouldLog() -> Bool {
        let now = ContinuousClock.now
        return state.withLock { state in
            state.count += 1
            if let last = state.lastLogged, now - last < every { return false }
            state.lastLogged = now
            return true
        }
    }
}
