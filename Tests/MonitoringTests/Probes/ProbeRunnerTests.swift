import Foundation
import Testing
@testable import Monitoring

@Suite(.timeLimit(.minutes(1))) struct ProbeRunnerTests {
    struct Refused: Error, CustomStringConvertible {
        var description: String { "connection refused" }
    }

    let clock = ManualClock()
    var runner: ProbeRunner {
        ProbeRunner(policy: ProbePolicy(timeout: .seconds(2), degradedAfter: .milliseconds(250)), clock: clock)
    }

    /// A probe that takes `duration` of the manual clock to answer.
    func probe(taking duration: Duration, answer: ProbeOutcome = .up(uptimeSeconds: 42)) -> ClosureProbe {
        ClosureProbe(service: "backend", instance: "b1") { [clock] in
            clock.advance(by: duration)
            return answer
        }
    }

    @Test func fastAnswerIsUpWithItsTimingAndUptime() async {
        let result = await runner.run(probe(taking: .milliseconds(120)))
        #expect(result.status == .up)
        #expect(result.responseMs == 120)
        #expect(result.reason == nil)
        #expect(result.uptimeS == 42)
        #expect(result.service == "backend")
        #expect(result.instance == "b1")
        #expect(result.checkedAt == clock.now())
    }

    @Test func answerSlowerThanTheThresholdIsDegraded() async {
        let result = await runner.run(probe(taking: .milliseconds(300)))
        #expect(result.status == .degraded)
        #expect(result.responseMs == 300)
        #expect(result.reason == "slow answer: 300 ms over the 250 ms threshold")
        #expect(await runner.run(probe(taking: .milliseconds(250))).status == .up)
    }

    @Test func thrownErrorIsDownWithItsDescription() async {
        let failing = ClosureProbe(service: "postgres", instance: "db") { throw Refused() }
        let result = await runner.run(failing)
        #expect(result.status == .down)
        #expect(result.reason == "connection refused")
    }

    @Test func noAnswerWithinTheTimeoutIsDown() async {
        let hanging = ClosureProbe(service: "redis", instance: "r1") {
            try await Task.sleep(for: .seconds(3600))
            return .up()
        }
        async let result = runner.run(hanging)
        await clock.waitForSleepers(count: 1)
        clock.advance(by: .seconds(2))
        let finished = await result
        #expect(finished.status == .down)
        #expect(finished.reason == "no answer within 2000 ms")
        #expect(finished.responseMs == 2000)
    }

    @Test func aCheckThatIgnoresCancellationCannotHoldTheRunner() async {
        let stuck = Latch()
        let probe = ClosureProbe(service: "postgres", instance: "db") {
            await stuck.wait()
            return .up()
        }
        async let result = runner.run(probe)
        await clock.waitForSleepers(count: 1)
        clock.advance(by: .seconds(2))
        #expect(await result.status == .down)
        await stuck.open()
    }

    @Test func probeOwnPolicyOverridesTheRunners() async {
        let patient = ClosureProbe(service: "backup", instance: "b", policy: ProbePolicy(timeout: .seconds(30), degradedAfter: .seconds(10))) { [clock] in
            clock.advance(by: .seconds(5))
            return .up()
        }
        #expect(await runner.run(patient).status == .up)
    }

    @Test func reportedStatusesPassThrough() async {
        let redis = ClosureProbe(service: "redis", instance: "-") { .notConfigured() }
        let notConfigured = await runner.run(redis)
        #expect(notConfigured.status == .notConfigured)
        #expect(notConfigured.reason == "not configured in this deployment")

        let down = await runner.run(probe(taking: .zero, answer: .down("replica lag", details: ["lag_s": "30"])))
        #expect(down.status == .down)
        #expect(down.details == ["lag_s": "30"])
        #expect(await runner.run(probe(taking: .zero, answer: .degraded("pool exhausted"))).reason == "pool exhausted")
    }

    @Test func probesRunConcurrentlyAndResultsKeepTheirOrder() async {
        // Each probe waits until all three have started: run one after another, the first
        // would wait out its timeout and come back down.
        let started = AsyncRecorder<Int>()
        let probes: [any HealthProbe] = (0..<3).map { index in
            ClosureProbe(service: "s\(index)", instance: "i") {
                await started.append(index)
                _ = await started.wait(for: 3)
                return .up()
            }
        }
        let results = await ProbeRunner(policy: ProbePolicy(timeout: .seconds(20), degradedAfter: .seconds(10))).run(probes)
        #expect(results.map(\.service) == ["s0", "s1", "s2"])
        #expect(results.allSatisfy { $0.status == .up })
    }

    @Test func cancellingTheCallerReportsDown() async {
        let runner = self.runner
        let hanging = ClosureProbe(service: "redis", instance: "r1") {
            try await Task.sleep(for: .seconds(3600))
            return .up()
        }
        let task = Task { await runner.run(hanging) }
        await clock.waitForSleepers(count: 1)
        task.cancel()
        let result = await task.value
        #expect(result.status == .down)
        #expect(result.reason == "check cancelled")
    }
}
