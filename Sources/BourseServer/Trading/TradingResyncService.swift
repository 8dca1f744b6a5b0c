import Logging
import ServiceLifecycle

/// After a failed commit the engine's memory is ahead of the database; this reloads it (and
/// the users' orders in the books) from what was actually stored, so nothing unacknowledged
/// survives and everything acknowledged is kept.
struct TradingResyncService: Service {
    let engine: MarketEngine
    let journal: OrderJournal
    let store: TradingStore
    let logger: Logger

    func run() async throws {
        await cancelWhenGracefulShutdown {
            for await _ in journal.failures {
                do {
                    await engine.loadTrading(try await store.snapshot())
                    logger.notice("trading state reloaded from the database after a failed commit")
                } catch {
                    logger.error("trading state reload failed", metadata: ["error": "\(error)"])
                }
            }
        }
    }
}
