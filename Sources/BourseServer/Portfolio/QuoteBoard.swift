import Foundation
import Logging
import MarketCore
import Realtime
import ServiceLifecycle
import Synchronization

/// The latest traded price of every instrument, as the market channel announces them: what
/// the backend values positions at, in whichever process the simulator runs.
final class QuoteBoard: Service, Sendable {
    private let prices = Mutex<[String: Price]>([:])
    let catalogue: InstrumentCatalogue
    let bus: any MessageBus
    let logger: Logger

    init(catalogue: InstrumentCatalogue, bus: any MessageBus, logger: Logger) {
        self.catalogue = catalogue
        self.bus = bus
        self.logger = logger
    }

    func last(_ symbol: String) -> Price? { prices.withLock { $0[symbol] } }

    func set(_ symbol: String, _ price: Price) { prices.withLock { $0[symbol] = price } }

    private struct QuoteMessage: Decodable {
        struct Data: Decodable { let symbol: String; let last: String? }
        let type: String
        let data: Data
    }

    func run() async throws {
        let subscription = try await bus.subscribe([TopicPattern(MarketFeed.topic)])
        await cancelWhenGracefulShutdown {
            let decoder = JSONDecoder()
            for await message in subscription.messages {
                guard let quote = try? decoder.decode(QuoteMessage.self, from: Data(message.payload)), quote.type == "quote",
                      let text = quote.data.last, let instrument = self.catalogue[quote.data.symbol],
                      case .success(let price) = instrument.parsePrice(text) else { continue }
                self.set(quote.data.symbol, price)
            }
        }
    }
}

/// Values positions at the quote board's prices (at cost where no price is known yet).
struct PositionValuer: Sendable {
    let storage: Storage
    let board: QuoteBoard

    struct Row: Sendable {
        let symbol: String
        let lots: Int64
        let cost: Money
        let realized: Money
    }

    func positions(accountID: Int64) async throws -> [Row] {
        try await storage.sql().raw("SELECT symbol, qty_lots, cost_micros, realized_micros FROM positions WHERE account_id = \(bind: accountID) ORDER BY symbol").all().map { row in
            Row(symbol: try row.decode(column: "symbol", as: String.self), lots: try row.decode(column: "qty_lots", as: Int64.self),
                cost: Money(micros: try row.decode(column: "cost_micros", as: Int64.self)),
                realized: Money(micros: try row.decode(column: "realized_micros", as: Int64.self)))
        }
    }

    func value(_ row: Row) -> Money {
        guard let instrument = board.catalogue[row.symbol], let last = board.last(row.symbol) else { return row.cost }
        return Money(micros: row.lots * last.ticks * instrument.microsPerTickLot)
    }

    func marketValue(accountID: Int64) async throws -> Money {
        try await positions(accountID: accountID).reduce(Money.zero) { $0 + value($1) }
    }
}
