import Foundation
import Logging
import Synchronization
import Testing
@testable import Monitoring

@Suite(.timeLimit(.minutes(1))) struct LogCollectorSinkTests {
    let clock = ManualClock()

    func record(_ message: String) -> LogRecord {
        LogRecord(timestamp: clock.now(), level: .info, service: "backend", instance: "b1", label: "x", message: message)
    }

    @Test func forwardsEveryRecordInOrderInBatches() async {
        let collector = LogCollector(configuration: LogCollectorConfiguration(service: "backend", instance: "b1", batchSize: 2), clock: clock)
        let written = AsyncRecorder<String>()
        let batches = AsyncRecorder<Int>()
        let sink = ClosureLogSink { records in
            await batches.append(records.count)
            await written.append(contentsOf: records.map(\.message))
        }
        for index in 0..<5 { collector.record(record("m\(index)")) }
        let drainer = Task { await collector.run(sink: sink) }
        #expect(await written.wait(for: 5) == ["m0", "m1", "m2", "m3", "m4"])
        #expect(await batches.values.allSatisfy { $0 <= 2 })
        drainer.cancel()
        #expect(collector.stats.delivered == 5)
        #expect(collector.stats.pending == 0)
    }

    @Test func aStuckSinkNeverBlocksLoggingAndTheOldestAreDroppedAndCounted() async {
        let collector = LogCollector(
            configuration: LogCollectorConfiguration(service: "backend", instance: "b1", sinkBufferCapacity: 3, batchSize: 10),
            clock: clock
        )
        let entered = AsyncRecorder<[String]>()
        let release = Latch()
        let written = AsyncRecorder<String>()
        let sink = ClosureLogSink { records in
            await entered.append(records.map(\.message))
            await release.wait()
            await written.append(contentsOf: records.map(\.message))
        }
        let drainer = Task { await collector.run(sink: sink) }
        collector.record(record("m0"))
        _ = await entered.wait(for: 1)
        // The sink is stuck on m0; these return at once, and m1 and m2 fall out of the buffer.
        for index in 1...5 { collector.record(record("m\(index)")) }
        #expect(collector.stats.dropped == 2)
        #expect(collector.stats.pending == 3)
        await release.open()
        #expect(await written.wait(for: 4) == ["m0", "m3", "m4", "m5"])
        #expect(collector.recent().count == 6)
        drainer.cancel()
    }

    @Test func failedWritesAreRetriedWithGrowingPausesAndNothingIsLost() async {
        let collector = LogCollector(
            configuration: LogCollectorConfiguration(service: "backend", instance: "b1", retryDelay: .seconds(1)),
            clock: clock
        )
        struct DatabaseDown: Error {}
        let failuresLeft = Mutex(2)
        let written = AsyncRecorder<String>()
        let sink = ClosureLogSink { records in
            if failuresLeft.withLock({ left in defer { left -= 1 }; return left > 0 }) { throw DatabaseDown() }
            await written.append(contentsOf: records.map(\.message))
        }
        collector.record(record("a"))
        collector.record(record("b"))
        let drainer = Task { await collector.run(sink: sink) }

        await clock.waitForSleepers(count: 1)
        // Logged during the outage: must land after the batch that is being retried.
        collector.record(record("c"))
        clock.advance(by: .seconds(1))
        await clock.waitForSleepers(count: 1)
        #expect(collector.stats.sinkFailures == 2)
        clock.advance(by: .seconds(1))
        #expect(clock.sleeperCount == 1, "the second pause is two seconds")
        clock.advance(by: .seconds(1))
        #expect(await written.wait(for: 3) == ["a", "b", "c"])
        let stats = collector.stats
        #expect(stats.dropped == 0)
        #expect(stats.lastSinkError == "DatabaseDown()")
        drainer.cancel()
    }

    @Test func requeueAfterAFailureKeepsTheNewestWhenTheBufferOverflows() async throws {
        let collector = LogCollector(
            configuration: LogCollectorConfiguration(service: "backend", instance: "b1", sinkBufferCapacity: 2, batchSize: 2),
            clock: clock
        )
        struct Down: Error {}
        collector.record(record("a"))
        collector.record(record("b"))
        await #expect(throws: Down.self) { try await collector.flush(to: ClosureLogSink { _ in throw Down() }) }
        collector.record(record("c"))
        #expect(collector.stats.dropped == 1)
        let written = AsyncRecorder<String>()
        try await collector.flush(to: ClosureLogSink { await written.append(contentsOf: $0.map(\.message)) })
        #expect(await written.values == ["b", "c"])
    }

    @Test func stopsWhenCancelled() async {
        let collector = LogCollector(configuration: LogCollectorConfiguration(service: "s", instance: "i"), clock: clock)
        let drainer = Task { await collector.run(sink: ClosureLogSink { _ in }) }
        drainer.cancel()
        await drainer.value
    }
}
