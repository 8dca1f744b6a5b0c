import Foundation
import Logging
import Synchronization
import Testing
@testable import Monitoring

@Suite struct CollectingLogHandlerTests {
    let clock = ManualClock()

    func collector(ring: Int = 100) -> LogCollector {
        LogCollector(configuration: LogCollectorConfiguration(service: "backend", instance: "b1", ringCapacity: ring), clock: clock)
    }

    @Test func recordsStructuredRecordsStampedWithTheProcessIdentity() throws {
        let collector = collector()
        var logger = Logger(label: "bourse.orders", factory: collector.handlerFactory())
        logger[metadataKey: "request_id"] = "r-1"
        logger.warning("order rejected", metadata: ["symbol": "ACME", "qty": "\(10)"], source: "Trading")

        let record = try #require(collector.recent().first)
        #expect(record == LogRecord(
            timestamp: clock.now(), level: .warning, service: "backend", instance: "b1",
            label: "bourse.orders", message: "order rejected",
            metadata: ["request_id": "r-1", "symbol": "ACME", "qty": "10"], source: "Trading"
        ))
    }

    @Test func levelBelowTheLoggersIsNotRecorded() {
        let collector = collector()
        let logger = Logger(label: "x", factory: collector.handlerFactory(logLevel: .info))
        logger.debug("noise")
        logger.info("kept")
        #expect(collector.recent().map(\.message) == ["kept"])
    }

    @Test func secretsNeverReachTheRecord() throws {
        let collector = collector()
        var logger = Logger(label: "auth", factory: collector.handlerFactory())
        logger[metadataKey: "token"] = "eyJhbGciOi"
        logger.info("login", metadata: ["password": "hunter2", "user": "ada"])
        let record = try #require(collector.recent().first)
        #expect(record.metadata == ["token": "[redacted]", "password": "[redacted]", "user": "ada"])
    }

    @Test func callMetadataOverridesHandlerMetadataWhichOverridesTheProvider() throws {
        let collector = collector()
        let provider = Logger.MetadataProvider { ["trace": "from-provider", "span": "p"] }
        var logger = Logger(label: "x", factory: { label in
            CollectingLogHandler(label: label, collector: collector, metadataProvider: provider)
        })
        logger[metadataKey: "span"] = "handler"
        logger.info("hello", metadata: ["trace": "call"])
        #expect(try #require(collector.recent().first).metadata == ["trace": "call", "span": "handler"])
    }

    @Test func ringKeepsOnlyTheNewestRecords() {
        let collector = collector(ring: 3)
        let logger = Logger(label: "x", factory: collector.handlerFactory())
        for index in 0..<5 { logger.info("m\(index)") }
        #expect(collector.recent().map(\.message) == ["m4", "m3", "m2"])
        #expect(collector.stats.recorded == 5)
    }

    @Test func wrappedHandlerStillGetsEveryRecordRedacted() throws {
        let collector = collector()
        let inner = CapturingHandler()
        let logger = Logger(label: "x", factory: collector.handlerFactory(wrapping: { _ in inner }))
        logger.error("boom", metadata: ["secret": "s", "k": "v"])
        let forwarded = try #require(inner.events.first)
        #expect(forwarded.message.description == "boom")
        #expect(forwarded.level == .error)
        #expect(forwarded.metadata == ["secret": "[redacted]", "k": "v"])
        #expect(collector.recent().count == 1)
    }

    @Test func serviceOverridePerHandler() throws {
        let collector = collector()
        let logger = Logger(label: "sim") { CollectingLogHandler(label: $0, collector: collector, service: "trading") }
        logger.info("step")
        #expect(try #require(collector.recent().first).service == "trading")
    }
}

/// A handler that keeps what it is given, shared between copies like a real output stream.
struct CapturingHandler: LogHandler {
    private let box = Box()
    var metadata: Logger.Metadata = [:]
    var logLevel: Logger.Level = .trace

    final class Box: Sendable {
        let events = Mutex<[LogEvent]>([])
    }

    var events: [LogEvent] { box.events.withLock { $0 } }

    subscript(metadataKey key: String) -> Logger.Metadata.Value? {
        get { metadata[key] }
        set { metadata[key] = newValue }
    }

    func log(event: LogEvent) {
        box.events.withLock { $0.append(event) }
    }
}
