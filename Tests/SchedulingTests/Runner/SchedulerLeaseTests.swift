import Foundation
import Testing
@testable import Scheduling

@Suite(.timeLimit(.minutes(1))) struct SchedulerLeaseTests {
    @Test func twoInstancesRunEachOccurrenceExactlyOnce() async throws {
        let probe = ConcurrencyProbe()
        let harness = try await SchedulerHarness.start(
            instances: 2,
            tasks: ["count": { _ in await probe.enter(); await probe.leave() }],
            jobs: [
                JobDefinition(id: "fast", task: "count", trigger: try Trigger(intervalSeconds: 5)),
                JobDefinition(id: "slow", task: "count", trigger: try Trigger(cron: "*/15 * * * * *")),
            ]
        )
        for step in 1...12 {
            await harness.advance(by: 5)
            let expected = step + step / 3
            await harness.recorder.wait(forFinished: expected)
        }
        await harness.stop()

        let fast = await harness.runs(of: "fast")
        let slow = await harness.runs(of: "slow")
        #expect(fast.count == 12)
        #expect(Set(fast.map(\.dueAt)).count == 12)
        #expect(slow.count == 4)
        #expect(Set(slow.map(\.dueAt)).count == 4)
        #expect((fast + slow).allSatisfy { $0.outcome == .success })
        #expect(await probe.total == 16)
        #expect(await harness.lease.grantedCount == 16)
        let events = await harness.recorder.events
        #expect(events.started.count == 16)
        #expect(events.skipped.isEmpty)
    }

    @Test func everyInstanceJobsRunOnEachInstanceWithoutTheLease() async throws {
        let probe = ConcurrencyProbe()
        var configuration = SchedulerConfiguration(storeSyncInterval: nil)
        configuration.everyInstance = ["self-check"]
        let harness = try await SchedulerHarness.start(
            instances: 2,
            configuration: configuration,
            tasks: ["count": { _ in await probe.enter(); await probe.leave() }, "self-check": { _ in await probe.enter(); await probe.leave() }],
            jobs: [
                JobDefinition(id: "shared", task: "count", trigger: try Trigger(intervalSeconds: 5)),
                JobDefinition(id: "heartbeat", task: "self-check", trigger: try Trigger(intervalSeconds: 5)),
            ]
        )
        for step in 1...4 {
            await harness.advance(by: 5)
            await harness.recorder.wait(forFinished: step * 3)
        }
        await harness.stop()

        let shared = await harness.runs(of: "shared")
        let heartbeat = await harness.runs(of: "heartbeat")
        #expect(shared.count == 4)
        // Each due time once per instance, by both instances.
        #expect(heartbeat.count == 8)
        #expect(Set(heartbeat.map(\.dueAt)).count == 4)
        #expect(Set(heartbeat.map(\.instanceId)).count == 2)
        // Only the shared job asked the lease.
        #expect(await harness.lease.grantedCount == 4)
    }

    @Test func twoInstancesNeverOverlapALongJob() async throws {
        let probe = ConcurrencyProbe()
        let clock = VirtualClock(now: SchedulerHarness.start)
        let harness = try await SchedulerHarness.start(
            instances: 2,
            clock: clock,
            tasks: ["long": { _ in
                await probe.enter()
                try? await clock.sleep(until: clock.now().addingTimeInterval(12))
                await probe.leave()
            }],
            jobs: [JobDefinition(id: "long", task: "long", trigger: try Trigger(intervalSeconds: 5))]
        )

        await harness.advance(by: 5, thenSleepers: 3)   // t=5: one instance starts it
        await harness.advance(by: 5, thenSleepers: 3)   // t=10: the runner records one skip
        await harness.recorder.wait(forSkipped: 1)
        await harness.advance(by: 5, thenSleepers: 3)   // t=15: again
        await harness.recorder.wait(forSkipped: 2)
        await harness.advance(by: 2)                    // t=17: body ends
        await harness.recorder.wait(forFinished: 1)
        await harness.stop()

        #expect(await probe.maximum == 1)
        #expect(await probe.total == 1)
        let runs = await harness.runs(of: "long")
        #expect(runs.map(\.outcome) == [.success, .skipped, .skipped])
        // The instance that runs the job is the one that records its skipped occurrences.
        #expect(Set(runs.map(\.instanceId)).count == 1)
    }

    @Test func runNowIsRejectedWhileAnotherInstanceRunsTheJob() async throws {
        let gate = Gate()
        let harness = try await SchedulerHarness.start(
            instances: 2,
            tasks: ["wait": { _ in await gate.wait() }],
            jobs: [JobDefinition(id: "backup", task: "wait", trigger: try Trigger(cron: "0 3 * * *"))]
        )
        _ = try await harness.schedulers[0].runNow(id: "backup")
        await #expect(throws: SchedulerError.alreadyRunning("backup")) {
            try await harness.schedulers[1].runNow(id: "backup")
        }
        await gate.open()
        await harness.recorder.wait(forFinished: 1)
        _ = try await harness.schedulers[1].runNow(id: "backup")
        await harness.recorder.wait(forFinished: 2)
        await harness.stop()
        #expect(await harness.runs(of: "backup").map(\.instanceId) == ["instance-1", "instance-2"])
    }

    @Test func changesOnOneInstanceReachTheOtherThroughTheStore() async throws {
        let harness = try await SchedulerHarness.start(
            instances: 2,
            configuration: SchedulerConfiguration(storeSyncInterval: 10),
            jobs: [JobDefinition(id: "report", task: "noop", trigger: try Trigger(cron: "0 0 * * *"))]
        )
        let (first, second) = (harness.schedulers[0], harness.schedulers[1])
        try await first.pause(id: "report")
        try await first.add(JobDefinition(id: "custom", task: "noop", trigger: try Trigger(cron: "0 12 * * *")))
        await harness.clock.waitForSleepers(count: 2)
        #expect(try await second.job(id: "report").definition.paused == false)

        await harness.advance(by: 10)
        #expect(try await second.job(id: "report").definition.paused)
        #expect(try await second.job(id: "report").nextRunAt == nil)
        #expect(try await second.job(id: "custom").nextRunAt == instant("2025-01-01T12:00:00Z"))

        try await second.remove(id: "custom")
        await harness.clock.waitForSleepers(count: 2)
        await harness.advance(by: 10)
        await harness.stop()
        await #expect(throws: SchedulerError.jobNotFound("custom")) { try await first.job(id: "custom") }
    }
}
