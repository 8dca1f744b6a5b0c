import Foundation
import Logging
import MarketCore
import ServiceLifecycle

/// Steps the simulated market on a fixed real-time interval and publishes what happened; closed
/// candles go to `MarketPersistence`, which `market_data_refresh` writes every few seconds (so a
/// restart keeps chart history and resumes from the last prices). A `Service` in the
/// application's group: on shutdown it stops stepping and writes once more.
struct MarketSimulatorService: Service {
    let engine: MarketEngine
    let feed: MarketFeed
    let persistence: MarketPersistence
    let stepInterval: Duration
    let now: @Sendable () -> Date
    let logger: Logger

    func run() async throws {
        let catalogue = engine.catalogue
        logger.info("market simulator started", metadata: ["instruments": "\(catalogue.instruments.count)", "step_ms": "\(stepInterval.milliseconds)"])
        var next = ContinuousClock.now
        while !Task.isCancelled && !Task.isShuttingDownGracefully {
            next = next.advanced(by: stepInterval)
            let (output, firstTradeID) = await engine.step(to: now())
            let nowMillis = await engine.nowMillis
            await feed.publish(output, firstTradeID: firstTradeID, catalogue: catalogue, nowMillis: nowMillis)
            if !output.closedCandles.isEmpty { await persistence.add(output.closedCandles) }
            // A late step is not made up: the next one simply covers more simulated time.
            if next < ContinuousClock.now { next = ContinuousClock.now }
            do {
                try await Task.sleep(until: next, tolerance: .milliseconds(5), clock: .continuous)
            } catch {
                break
            }
        }
        do {
            try await persistence.flush(now: now())
        } catch {
            logger.error("market state could not be written at shutdown", metadata: ["error": "\(error)"])
        }
        logger.info("market simulator stopped")
    }
}

extension Duration {
    var milliseconds: Int64 { components.seconds * 1000 + components.attoseconds / 1_000_000_000_000_000 }
}
