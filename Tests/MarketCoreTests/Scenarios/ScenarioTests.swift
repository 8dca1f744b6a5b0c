import MarketCore
import Testing

@Suite("Scenarios")
struct ScenarioTests {
    @Test func presetsAreValidAndNamed() throws {
        for preset in ScenarioPreset.allCases { try preset.parameters.validate() }
        #expect(try ScenarioPreset.named("trending_up") == .trendingUp)
        #expect(throws: ScenarioError.unknownPreset("boom")) { try ScenarioPreset.named("boom") }
        #expect(ScenarioPreset.crash.parameters.volatility > ScenarioPreset.calm.parameters.volatility)
    }

    @Test(arguments: [
        (ScenarioParameters(volatility: 5.01), "out_of_range", "volatility"),
        (ScenarioParameters(volatility: -0.1), "out_of_range", "volatility"),
        (ScenarioParameters(volatility: .nan), "not_finite", "volatility"),
        (ScenarioParameters(drift: .infinity), "not_finite", "drift"),
        (ScenarioParameters(spreadBps: 1001), "out_of_range", "spread_bps"),
        (ScenarioParameters(liquidity: -1), "out_of_range", "liquidity"),
        (ScenarioParameters(jumpStdev: 2), "out_of_range", "jump_stdev"),
    ])
    func refusesInsaneParameters(parameters: ScenarioParameters, code: String, field: String) {
        do {
            try parameters.validate()
            Issue.record("accepted \(parameters)")
        } catch {
            #expect(error.code == code)
            #expect(error.reason.contains(field))
        }
    }

    @Test func rampsInterpolateLinearly() throws {
        var scenario = Scenario()
        let from = scenario.parameters(atMillis: 0)
        let to = ScenarioPreset.volatile.parameters
        try scenario.set(to, rampSeconds: 100, preset: .volatile, nowMillis: 1_000)
        let half = scenario.parameters(atMillis: 51_000)
        #expect(abs(half.volatility - (from.volatility + to.volatility) / 2) < 1e-12)
        #expect(abs(half.spreadBps - (from.spreadBps + to.spreadBps) / 2) < 1e-12)
        #expect(scenario.parameters(atMillis: 101_000) == to)
        #expect(scenario.parameters(atMillis: 1_000) == from)
        _ = scenario.advance(from: 1_000, to: 200_000)
        #expect(scenario.ramp == nil)
        #expect(throws: ScenarioError.invalidRamp(seconds: -1)) { try scenario.set(to, rampSeconds: -1, preset: nil, nowMillis: 0) }
        #expect(throws: ScenarioError.invalidRamp(seconds: .infinity)) { try scenario.set(to, rampSeconds: .infinity, preset: nil, nowMillis: 0) }
    }

    @Test func eventsApplyTheirMoveOverTheirDuration() throws {
        let event = try MarketEvent(kind: .shock, magnitudePct: -30, durationSeconds: 60, atMillis: 10_000, nowMillis: 0)
        #expect(event.appliedLogReturn(atMillis: 5_000) == 0)
        #expect(abs(event.appliedLogReturn(atMillis: 40_000) - event.totalLogReturn / 2) < 1e-12)
        #expect(event.appliedLogReturn(atMillis: 70_000) == event.totalLogReturn)
        #expect(event.appliedLogReturn(atMillis: 99_000) == event.totalLogReturn)
        #expect(throws: ScenarioError.eventInPast(atMillis: 5, nowMillis: 10)) {
            try MarketEvent(kind: .trend, magnitudePct: 5, durationSeconds: 60, atMillis: 5, nowMillis: 10)
        }
        for (magnitude, duration) in [(0.0, 60.0), (-99.0, 60.0), (10.0, 0.0), (10.0, 1e9)] {
            #expect(throws: ScenarioError.self) { try MarketEvent(kind: .trend, magnitudePct: magnitude, durationSeconds: duration, atMillis: nil, nowMillis: 0) }
        }
        #expect(throws: ScenarioError.notFinite(field: "magnitude_pct")) {
            try MarketEvent(kind: .shock, magnitudePct: .nan, durationSeconds: 60, atMillis: nil, nowMillis: 0)
        }
    }
}
