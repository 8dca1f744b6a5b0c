import Foundation
import Logging
import MarketCore

/// Closed candles waiting to be written, and the writing itself: the simulator hands candles in
/// every step, `market_data_refresh` (every 5 s) and shutdown write them with each instrument's
/// resumable state.
actor MarketPersistence {
    private var pending: [ClosedCandle] = []
    let engine: MarketEngine
    let store: MarketStore
    let logger: Logger

    init(engine: MarketEngine, store: MarketStore, logger: Logger) {
        self.engine = engine
        self.store = store
        self.logger = logger
    }

    func add(_ candles: [ClosedCandle]) { pending.append(contentsOf: candles) }

    /// Writes pending candles and instrument state; on failure the candles stay for the next try.
    func flush(now: Date) async throws {
        let batch = pending
        pending.removeAll(keepingCapacity: true)
        do {
            try await store.save(batch)
        } catch {
            pending.insert(contentsOf: batch, at: 0)
            throw error
        }
        try await store.save(await engine.states(), now: now)
    }
}
