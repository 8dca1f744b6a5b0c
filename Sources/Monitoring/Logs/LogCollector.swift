import Foundation
import Logging
import Synchronization

/// Receives records from `CollectingLogHandler`s, keeps the recent ones, feeds live tails and
/// forwards everything to a `LogSink` from a task of its own.
///
/// Logging never waits: a record is appended under a short lock, and the sink is fed from a
/// bounded buffer that drops its oldest record (and counts it) when the sink falls behind.
public final class LogCollector: Sendable {
    private struct Tail {
        let query: LogQuery?
        let continuation: AsyncStream<LogRecord>.Continuation
    }

    private struct State {
        var ring: RingBuffer<LogRecord>
        var pending: RingBuffer<LogRecord>
        var tails: [Int: Tail] = [:]
        var nextTail = 0
        var recorded = 0
        var delivered = 0
        var dropped = 0
        var sinkFailures = 0
        var lastSinkError: String?
    }

    public let configuration: LogCollectorConfiguration
    private let clock: any MonitoringClock
    private let state: Mutex<State>
    private let wakeups: AsyncStream<Void>
    private let wake: AsyncStream<Void>.Continuation

    public init(configuration: LogCollectorConfiguration, clock: any MonitoringClock = SystemMonitoringClock()) {
        self.configuration = configuration
        self.clock = clock
        state = Mutex(State(
            ring: RingBuffer(capacity: configuration.ringCapacity),
            pending: RingBuffer(capacity: configuration.sinkBufferCapacity)
        ))
        // One pending wake-up is enough: the drainer empties the whole buffer each time it wakes.
        (wakeups, wake) = AsyncStream.makeStream(of: Void.self, bufferingPolicy: .bufferingNewest(1))
    }

    /// The handler factory for `LoggingSystem.bootstrap`; `wrapping` makes a second handler (for
    /// example `StreamLogHandler.standardError`) that also receives every record.
    public func handlerFactory(
        logLevel: Logger.Level = .info,
        wrapping: (@Sendable (String) -> any LogHandler)? = nil
    ) -> @Sendable (String) -> any LogHandler {
        { label in
            CollectingLogHandler(label: label, collector: self, logLevel: logLevel, wrapping: wrapping?(label))
        }
    }

    /// Builds a record stamped with this process's service, instance and clock, and records it.
    func collect(level: Logger.Level, label: String, message: String, metadata: [String: String], source: String, service: String?) {
        record(LogRecord(
            timestamp: clock.now(), level: level,
            service: service ?? configuration.service, instance: configuration.instance,
            label: label, message: message, metadata: metadata, source: source
        ))
    }

    /// Adds a finished record: to the ring, the sink buffer and every matching live tail.
    public func record(_ record: LogRecord) {
        let listeners: [AsyncStream<LogRecord>.Continuation] = state.withLock { state in
            state.recorded += 1
            state.ring.append(record)
            if state.pending.append(record) != nil { state.dropped += 1 }
            return state.tails.values.filter { $0.query?.matches(record) ?? true }.map(\.continuation)
        }
        for listener in listeners { listener.yield(record) }
        wake.yield()
    }

    /// Records still in the ring that match `query`, newest first, at most `query.limit`.
    public func recent(_ query: LogQuery = LogQuery()) -> [LogRecord] {
        query.apply(to: state.withLock { $0.ring.elements })
    }

    /// A live stream of new records matching `query` (its limit is ignored). A consumer that
    /// falls more than `bufferSize` records behind loses the oldest, so it can never slow logging.
    public func tail(_ query: LogQuery? = nil, bufferSize: Int = 256) -> AsyncStream<LogRecord> {
        let (stream, continuation) = AsyncStream.makeStream(of: LogRecord.self, bufferingPolicy: .bufferingNewest(bufferSize))
        let id = state.withLock { state in
            defer { state.nextTail += 1 }
            state.tails[state.nextTail] = Tail(query: query, continuation: continuation)
            return state.nextTail
        }
        continuation.onTermination = { [weak self] _ in
            _ = self?.state.withLock { $0.tails.removeValue(forKey: id) }
        }
        return stream
    }

    public var stats: LogCollectorStats {
        state.withLock { state in
            LogCollectorStats(
                recorded: state.recorded, delivered: state.delivered, dropped: state.dropped,
                pending: state.pending.count, sinkFailures: state.sinkFailures, lastSinkError: state.lastSinkError
            )
        }
    }

    /// Feeds `sink` until the task is cancelled; run it once, as a service of the application.
    /// A failed write puts its batch back at the front and is retried after a growing pause, so a
    /// database outage loses records only if it outlasts the buffer.
    public func run(sink: any LogSink) async {
        var delay = configuration.retryDelay
        for await _ in wakeups {
            while !Task.isCancelled {
                let batch = takeBatch()
                if batch.isEmpty { break }
                do {
                    try await sink.write(batch)
                    state.withLock { $0.delivered += batch.count }
                    delay = configuration.retryDelay
                } catch {
                    requeue(batch, after: error)
                    guard (try? await clock.sleep(for: delay)) != nil else { return }
                    delay = min(delay * 2, configuration.maxRetryDelay)
                }
            }
            if Task.isCancelled { return }
        }
    }

    /// Writes whatever is buffered now, once, without retrying; for shutdown after `run` stops.
    public func flush(to sink: any LogSink) async throws {
        while true {
            let batch = takeBatch()
            if batch.isEmpty { return }
            do {
                try await sink.write(batch)
                state.withLock { $0.delivered += batch.count }
            } catch {
                requeue(batch, after: error)
                throw error
            }
        }
    }

    private func takeBatch() -> [LogRecord] {
        state.withLock { $0.pending.removeFirst(upTo: configuration.batchSize) }
    }

    /// Puts a failed batch back ahead of the records that arrived meanwhile, dropping the oldest
    /// if both no longer fit.
    private func requeue(_ batch: [LogRecord], after error: any Error) {
        state.withLock { state in
            state.sinkFailures += 1
            state.lastSinkError = String(describing: error)
            let newer = state.pending.removeFirst(upTo: state.pending.count)
            let merged = batch + newer
            let overflow = max(0, merged.count - state.pending.capacity)
            state.dropped += overflow
            for record in merged.dropFirst(overflow) { state.pending.append(record) }
        }
        wake.yield()
    }
}
