import Foundation
import Testing
@testable import Monitoring

/// The drop-rate rule on `ws_dropped_total` snapshots taken every 10 s of a virtual clock.
@Suite struct WebSocketDropRateTests {
    let clock = ManualClock()

    func step(_ evaluator: AlertEvaluator, _ dropped: Double) async -> [AlertEvent.Kind] {
        defer { clock.advance(by: .seconds(10)) }
        return await evaluator.evaluate([MetricName.wsDroppedTotal: dropped]).map(\.kind)
    }

    @Test func firesWhileDropsRoseWithinTheLastMinute() async throws {
        let evaluator = try AlertEvaluator(rules: [DefaultAlertRules.webSocketDrops], clock: clock)
        #expect(await step(evaluator, 5) == [], "one snapshot has no rate")
        #expect(await step(evaluator, 5) == [], "flat counter")
        #expect(await step(evaluator, 8) == [.firing])
        let alert = try #require(await evaluator.alerts().first)
        #expect(alert.value == 3.0 / 20, "3 drops since the first snapshot, 20 s ago")
        for _ in 0..<5 { #expect(await step(evaluator, 8) == []) }
        // 60 s after the last rise the window holds only the flat part.
        #expect(await step(evaluator, 8) == [.resolved])
    }

    @Test func ratesSurviveCounterResetsAndSparseSnapshots() {
        var rates = CounterRates()
        let start = Date(timeIntervalSince1970: 0)
        rates.observe(["c": 100], at: start, windows: ["c": 60])
        rates.observe(["c": 4], at: start + 10, windows: ["c": 60])
        // The process restarted: 4 drops since, over 10 s.
        #expect(rates.rate(of: "c", window: 60, at: start + 10) == 0.4)

        rates.observe(["c": 10], at: start + 200, windows: ["c": 60])
        // Only one snapshot in the window: the span falls back to the one before it.
        #expect(rates.rate(of: "c", window: 60, at: start + 200) == 6.0 / 190)
        #expect(rates.rate(of: "c", window: 60, at: start + 201) == nil, "no snapshot at this time")
        #expect(rates.rate(of: "other", window: 60, at: start + 200) == nil)
    }
}
