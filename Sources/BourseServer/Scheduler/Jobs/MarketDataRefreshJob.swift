import Foundation
import MarketCore
import Scheduling

/// `market_data_refresh` (5 s, protected): a full quote snapshot on the market channel, so a
/// client that missed messages converges, and the closed candles and instrument state written.
struct MarketDataRefreshJob {
    let engine: MarketEngine
    let feed: MarketFeed
    let persistence: MarketPersistence
    let now: @Sendable () -> Date

    func run(_ context: JobContext) async throws {
        let nowMillis = await engine.nowMillis
        let quotes = await engine.quotes().compactMap { quote in
            engine.catalogue[quote.symbol].map { QuoteDTO(quote, instrument: $0, nowMillis: nowMillis) }
        }
        await feed.publish(type: "snapshot", Snapshot(quotes: quotes))
        try await persistence.flush(now: now())
    }

    struct Snapshot: Encodable { let quotes: [QuoteDTO] }
}
