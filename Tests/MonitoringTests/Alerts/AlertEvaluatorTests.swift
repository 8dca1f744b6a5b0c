import Foundation
import Synchronization
import Testing
@testable import Monitoring

@Suite(.timeLimit(.minutes(1))) struct AlertEvaluatorTests {
    let clock = ManualClock()
    let cpuRule = AlertRule(id: "cpu", name: "CPU high", metric: "host_cpu_percent", op: .greaterThan, threshold: 90, forSeconds: 60, severity: .warning)

    func evaluator(_ rules: [AlertRule]) throws -> AlertEvaluator {
        let counter = Mutex(0)
        return try AlertEvaluator(rules: rules, clock: clock, makeID: {
            counter.withLock { value in
                value += 1
                return "a\(value)"
            }
        })
    }

    func cpu(_ value: Double) -> [String: Double] { ["host_cpu_percent": value] }

    @Test func pendingThenFiringAfterForThenResolved() async throws {
        let evaluator = try evaluator([cpuRule])
        #expect(await evaluator.evaluate(cpu(50)).isEmpty)

        let pending = await evaluator.evaluate(cpu(95))
        #expect(pending.map(\.kind) == [.pending])
        #expect(pending.first?.alert.state == .pending)
        let startedAt = clock.now()

        clock.advance(by: .seconds(30))
        #expect(await evaluator.evaluate(cpu(97)).isEmpty, "still waiting out `for`")

        clock.advance(by: .seconds(30))
        let firing = await evaluator.evaluate(cpu(96))
        #expect(firing.map(\.kind) == [.firing])
        let alert = try #require(firing.first?.alert)
        #expect(alert.id == "a1")
        #expect(alert.state == .firing)
        #expect(alert.startedAt == startedAt)
        #expect(alert.firedAt == clock.now())
        #expect(alert.value == 96)
        #expect(alert.message == "CPU high: host_cpu_percent is 96 (> 90)")

        clock.advance(by: .seconds(10))
        #expect(await evaluator.evaluate(cpu(99)).isEmpty, "a firing alert is not reported again")

        clock.advance(by: .seconds(10))
        let resolved = await evaluator.evaluate(cpu(40))
        #expect(resolved.map(\.kind) == [.resolved])
        #expect(resolved.first?.alert.resolvedAt == clock.now())
        #expect(resolved.first?.alert.resolvedBy == nil)

        #expect(await evaluator.history().map(\.kind) == [.resolved, .firing, .pending])
        #expect(await evaluator.alerts().map(\.state) == [.resolved])
        #expect(await evaluator.alerts(includeResolved: false).isEmpty)

        // The next episode is a new alert.
        clock.advance(by: .seconds(10))
        #expect(await evaluator.evaluate(cpu(95)).first?.alert.id == "a2")
    }

    @Test func pendingThatClearsNeverFires() async throws {
        let evaluator = try evaluator([cpuRule])
        await evaluator.evaluate(cpu(95))
        clock.advance(by: .seconds(59))
        #expect(await evaluator.evaluate(cpu(80)).map(\.kind) == [.cleared])
        clock.advance(by: .seconds(1))
        #expect(await evaluator.evaluate(cpu(95)).map(\.kind) == [.pending], "the `for` starts again")
        clock.advance(by: .seconds(59))
        #expect(await evaluator.evaluate(cpu(95)).isEmpty)
        #expect(await evaluator.alerts(includeResolved: true).map(\.state) == [.pending])
    }

    @Test func missingMetricCountsAsFalse() async throws {
        let evaluator = try evaluator([DefaultAlertRules.serviceDown])
        #expect(await evaluator.evaluate([MetricName.serviceDownCount: 1]).map(\.kind) == [.firing])
        #expect(await evaluator.evaluate([:]).map(\.kind) == [.resolved])
    }

    @Test func acknowledgeRecordsTheUserOnce() async throws {
        let evaluator = try evaluator([DefaultAlertRules.serviceDown])
        let fired = try #require(await evaluator.evaluate([MetricName.serviceDownCount: 2]).first?.alert)
        clock.advance(by: .seconds(5))
        let acked = try await evaluator.acknowledge(id: fired.id, by: "admin-1")
        #expect(acked.acknowledgedBy == "admin-1")
        #expect(acked.acknowledgedAt == clock.now())
        #expect(acked.state == .firing)
        #expect(try await evaluator.acknowledge(id: fired.id, by: "admin-2").acknowledgedBy == "admin-1")
        #expect(await evaluator.history().map(\.kind) == [.acknowledged, .firing])
        #expect(await evaluator.history().first?.by == "admin-1")

        // Acknowledging does not resolve; the condition still decides.
        #expect(await evaluator.evaluate([MetricName.serviceDownCount: 2]).isEmpty)
        #expect(await evaluator.evaluate([MetricName.serviceDownCount: 0]).first?.alert.acknowledgedBy == "admin-1")

        await #expect(throws: AlertActionError.alreadyResolved(fired.id)) { try await evaluator.acknowledge(id: fired.id, by: "admin-1") }
        await #expect(throws: AlertActionError.alertNotFound("zzz")) { try await evaluator.acknowledge(id: "zzz", by: "admin-1") }
    }

    @Test func manualAlertsFireAtOnceAndLastUntilResolved() async throws {
        let evaluator = try evaluator([])
        let raised = try await evaluator.raise(message: "  disk replaced on db-1 ", level: .info, by: "admin-1")
        #expect(raised.state == .firing)
        #expect(raised.origin == .manual)
        #expect(raised.message == "disk replaced on db-1")
        #expect(await evaluator.evaluate([:]).isEmpty)
        let resolved = try await evaluator.resolve(id: raised.id, by: "admin-2")
        #expect(resolved.state == .resolved)
        #expect(resolved.resolvedBy == "admin-2")
        await #expect(throws: AlertActionError.alreadyResolved(raised.id)) { try await evaluator.resolve(id: raised.id, by: "admin-2") }
        await #expect(throws: AlertActionError.emptyMessage) { try await evaluator.raise(message: " ", level: .critical) }
        #expect(await evaluator.history().map(\.kind) == [.resolved, .firing])
    }

    @Test func resolvingByHandSilencesTheRuleUntilItsConditionClears() async throws {
        let evaluator = try evaluator([DefaultAlertRules.lowDisk])
        let free = MetricName.hostDiskFreePercent
        let fired = try #require(await evaluator.evaluate([free: 4]).first?.alert)
        _ = try await evaluator.resolve(id: fired.id, by: "admin-1")
        #expect(await evaluator.evaluate([free: 4]).isEmpty)
        #expect(await evaluator.evaluate([free: 30]).isEmpty)
        #expect(await evaluator.evaluate([free: 5]).map(\.kind) == [.firing])
    }

    @Test func eventsReachSubscribers() async throws {
        let evaluator = try evaluator([DefaultAlertRules.serviceDown])
        var events = await evaluator.events().makeAsyncIterator()
        await evaluator.evaluate([MetricName.serviceDownCount: 1])
        _ = try await evaluator.raise(message: "maintenance", level: .warning)
        #expect(await events.next()?.alert.ruleID == "service_down")
        #expect(await events.next()?.alert.origin == .manual)
    }

    @Test func rulesAreManagedWithTypedErrors() async throws {
        let evaluator = try evaluator([cpuRule])
        await #expect(throws: AlertRuleError.duplicateID("cpu")) { try await evaluator.addRule(cpuRule) }
        await #expect(throws: AlertRuleError.unknownMetric("gpu")) {
            try await evaluator.createRule(AlertRuleDraft(name: "gpu", metric: "gpu", op: ">", threshold: 1))
        }
        let created = try await evaluator.createRule(AlertRuleDraft(name: "load", metric: "host_load1", op: ">", threshold: 4))
        #expect(created.id == "a1")
        #expect(await evaluator.allRules.map(\.id) == ["cpu", "a1"])

        await evaluator.evaluate(cpu(95))
        clock.advance(by: .seconds(60))
        await evaluator.evaluate(cpu(95))
        let removed = try await evaluator.removeRule(id: "cpu", by: "admin-1")
        #expect(removed.map(\.kind) == [.resolved])
        #expect(await evaluator.alerts(includeResolved: false).isEmpty)
        await #expect(throws: AlertActionError.ruleNotFound("cpu")) { try await evaluator.removeRule(id: "cpu") }
        #expect(throws: AlertRuleError.duplicateID("cpu")) { try AlertEvaluator(rules: [cpuRule, cpuRule]) }
    }

    @Test func alertsEncodeWithSnakeCaseKeys() async throws {
        let evaluator = try evaluator([DefaultAlertRules.serviceDown])
        let alert = try #require(await evaluator.evaluate([MetricName.serviceDownCount: 1]).first?.alert)
        let json = try #require(try JSONSerialization.jsonObject(with: JSONEncoder().encode(alert)) as? [String: Any])
        #expect(json["rule_id"] as? String == "service_down")
        #expect(json["fired_at"] != nil)
        #expect(json["state"] as? String == "firing")
        let rule = try #require(try JSONSerialization.jsonObject(with: JSONEncoder().encode(DefaultAlertRules.highCPU)) as? [String: Any])
        #expect(rule["for_seconds"] as? Double == 60)
        #expect(rule["op"] as? String == ">")
    }
}
