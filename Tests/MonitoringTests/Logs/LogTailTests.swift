import Foundation
import Logging
import Testing
@testable import Monitoring

@Suite(.timeLimit(.minutes(1))) struct LogTailTests {
    @Test func tailSeesNewMatchingRecordsOnly() async throws {
        let collector = LogCollector(configuration: LogCollectorConfiguration(service: "backend", instance: "b1"), clock: ManualClock())
        let logger = Logger(label: "x", factory: collector.handlerFactory(logLevel: .trace))
        logger.error("before subscribing")
        var tail = collector.tail(try LogQuery(minimumLevel: .error)).makeAsyncIterator()
        logger.info("too quiet")
        logger.error("first")
        logger.critical("second")
        #expect(await tail.next()?.message == "first")
        #expect(await tail.next()?.message == "second")
    }

    @Test func slowTailLosesTheOldestNotTheLogger() async {
        let collector = LogCollector(configuration: LogCollectorConfiguration(service: "backend", instance: "b1"), clock: ManualClock())
        let stream = collector.tail(bufferSize: 2)
        let logger = Logger(label: "x", factory: collector.handlerFactory())
        for index in 0..<5 { logger.info("m\(index)") }
        var iterator = stream.makeAsyncIterator()
        #expect(await iterator.next()?.message == "m3")
        #expect(await iterator.next()?.message == "m4")
    }

    @Test func endedTailIsForgotten() async {
        let collector = LogCollector(configuration: LogCollectorConfiguration(service: "backend", instance: "b1"), clock: ManualClock())
        let consumer = Task {
            for await _ in collector.tail() {}
        }
        consumer.cancel()
        await consumer.value
        // Logging after the tail ended must not touch it.
        collector.record(LogRecord(timestamp: Date(), level: .info, service: "s", instance: "i", label: "l", message: "m"))
        #expect(collector.recent().count == 1)
    }
}
