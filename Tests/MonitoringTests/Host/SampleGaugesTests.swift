import CoreMetrics
import Foundation
import Synchronization
import Testing
@testable import Monitoring

@Suite struct SampleGaugesTests {
    @Test func recordsEverySampleValueUnderItsLabel() throws {
        let factory = RecordingFactory()
        let files = FixtureFiles(Fixtures.earlierFiles)
        let sampler = MetricsSampler(reader: files.reader, diskPath: "/data", service: "backend", instance: "b1")
        let reading = try sampler.readProcess()
        let sample = sampler.processSample(from: reading, to: reading, elapsedSeconds: 10, coreCount: 2, at: Date())
        SampleGauges(factory: factory).record(sample)
        #expect(factory.values["bourse_process_rss_bytes|backend|b1"] == 52_428_800)
        #expect(factory.values["bourse_process_cpu_percent|backend|b1"] == 0)
    }
}

/// Keeps the last value recorded under each label and dimension values.
private final class RecordingFactory: MetricsFactory, Sendable {
    private let storage = Mutex<[String: Double]>([:])

    var values: [String: Double] { storage.withLock { $0 } }

    final class Handler: RecorderHandler, CounterHandler, TimerHandler, FloatingPointCounterHandler, MeterHandler, Sendable {
        let key: String
        let factory: RecordingFactory
        init(key: String, factory: RecordingFactory) {
            self.key = key
            self.factory = factory
        }
        func record(_ value: Int64) { record(Double(value)) }
        func record(_ value: Double) { factory.storage.withLock { $0[key] = value } }
        func set(_ value: Int64) { record(value) }
        func set(_ value: Double) { record(value) }
        func increment(by: Int64) {}
        func increment(by: Double) {}
        func decrement(by: Double) {}
        func recordNanoseconds(_ duration: Int64) {}
        func reset() {}
    }

    private func handler(_ label: String, _ dimensions: [(String, String)]) -> Handler {
        Handler(key: ([label] + dimensions.map(\.1)).joined(separator: "|"), factory: self)
    }

    func makeCounter(label: String, dimensions: [(String, String)]) -> any CounterHandler { handler(label, dimensions) }
    func makeFloatingPointCounter(label: String, dimensions: [(String, String)]) -> any FloatingPointCounterHandler { handler(label, dimensions) }
    func makeMeter(label: String, dimensions: [(String, String)]) -> any MeterHandler { handler(label, dimensions) }
    func makeRecorder(label: String, dimensions: [(String, String)], aggregate: Bool) -> any RecorderHandler { handler(label, dimensions) }
    func makeTimer(label: String, dimensions: [(String, String)]) -> any TimerHandler { handler(label, dimensions) }
    func destroyCounter(_ handler: any CounterHandler) {}
    func destroyMeter(_ handler: any MeterHandler) {}
    func destroyFloatingPointCounter(_ handler: any FloatingPointCounterHandler) {}
    func destroyRecorder(_ handler: any RecorderHandler) {}
    func destroyTimer(_ handler: any TimerHandler) {}
}
