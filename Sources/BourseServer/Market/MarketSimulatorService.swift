import Foundation
import Logging
import MarketCore
import ServiceLifecycle

/// Steps the simulated market on a fixed real-time interval, publishes what happened, and
/// persists closed candles and instrument state in batches (so a restart keeps chart history
/// and resumes from the last prices). A `Service` in the application's group: on shutdown it
/// stops stepping and flushes once more.
struct MarketSimulatorService: Service {
    let engine: MarketEngine
    let feed: MarketFeed
    let store: MarketStore
    let stepInterval: Duration
    let persistInterval: Duration
    let now: @Sendable () -> Date
    let logger: Logger

    func run() async throws {
        var pendingCandles: [ClosedCandle] = []
        var lastPersist = ContinuousClock.now
        let catalogue = engine.catalogue
        logger.info("market simulator started", metadata: ["instruments": "\(catalogue.instruments.count)", "step_ms": "\(stepInterval.milliseconds)"])
        var next = ContinuousClock.now
        while !Task.isCancelled && !Task.isShuttingDownGracefully {
            next = next.advanced(by: stepInterval)
            let (output, firstTradeID) = await engine.step(to: now())
            let nowMillis = await engine.nowMillis
            await feed.publish(output, firstTradeID: firstTradeID, catalogue: catalogue, nowMillis: nowMillis)
            pendingCandles.append(contentsOf: output.closedCandles)
            if ContinuousClock.now - lastPersist >= persistInterval {
                await persist(&pendingCandles)
                lastPersist = ContinuousClock.now
            }
            // A late step is not made up: the next one simply covers more simulated time.
            if next < ContinuousClock.now { next = ContinuousClock.now }
            do {
                try await Task.sleep(until: next, tolerance: .milliseconds(5), clock: .continuous)
            } catch {
                break
            }
        }
        await persist(&pendingCandles)
        logger.info("market simulator stopped")
    }

    private func persist(_ candles: inout [ClosedCandle]) async {
        do {
            try await store.save(candles)
            candles.removeAll(keepingCapacity: true)
            try await store.save(await engine.states(), now: now())
        } catch {
            // Kept for the next attempt; a database outage must not stop the market.
            logger.warning("market persistence failed; will retry", metadata: ["error": "\(error)", "pending_candles": "\(candles.count)"])
        }
    }
}

extension Duration {
    var milliseconds: Int64 { components.seconds * 1000 + components.attoseconds / 1_000_000_000_000_000 }
}
