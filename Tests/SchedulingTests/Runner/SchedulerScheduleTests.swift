import Foundation
import Testing
@testable import Scheduling

@Suite(.timeLimit(.minutes(1))) struct SchedulerScheduleTests {
    @Test func runsAnIntervalJobAtEachDueTime() async throws {
        let harness = try await SchedulerHarness.start(jobs: [
            JobDefinition(id: "tick", task: "noop", trigger: try Trigger(intervalSeconds: 5)),
        ])
        #expect(try await harness.scheduler.job(id: "tick").nextRunAt == instant("2025-01-01T00:00:05Z"))

        await harness.advance(by: 5)
        await harness.recorder.wait(forFinished: 1)
        await harness.advance(by: 5)
        await harness.recorder.wait(forFinished: 2)
        await harness.stop()

        let runs = await harness.runs(of: "tick")
        #expect(runs.map { iso($0.dueAt) } == ["2025-01-01T00:00:05Z", "2025-01-01T00:00:10Z"])
        #expect(runs.allSatisfy { $0.outcome == .success && $0.trigger == .schedule && $0.lateness == 0 })
        #expect(runs.allSatisfy { $0.instanceId == "instance-1" && $0.finishedAt != nil })
    }

    @Test func cronJobFiresAtMidnightOfTheConfiguredZone() async throws {
        let harness = try await SchedulerHarness.start(
            at: instant("2025-01-01T22:59:00Z"),
            configuration: SchedulerConfiguration(timeZone: zone("Europe/Berlin"), storeSyncInterval: nil),
            jobs: [JobDefinition(id: "daily_report", task: "noop", trigger: try Trigger(cron: "0 0 * * *"))]
        )
        #expect(try await harness.scheduler.job(id: "daily_report").nextRunAt == instant("2025-01-01T23:00:00Z"))
        await harness.advance(by: 60)
        await harness.recorder.wait(forFinished: 1)
        await harness.stop()
        #expect(await harness.runs(of: "daily_report").map { iso($0.dueAt) } == ["2025-01-01T23:00:00Z"])
    }

    @Test func failedRunIsRecordedWithItsError() async throws {
        let harness = try await SchedulerHarness.start(
            tasks: ["flaky": { _ in throw TaskFailure() }],
            jobs: [JobDefinition(id: "flaky", task: "flaky", trigger: try Trigger(intervalSeconds: 5))]
        )
        await harness.advance(by: 5)
        await harness.recorder.wait(forFinished: 1)
        let run = try #require(await harness.runs(of: "flaky").first)
        #expect(run.outcome == .failure)
        #expect(run.error == "upstream unavailable")
        #expect(try await harness.scheduler.job(id: "flaky").lastRun?.outcome == .failure)
        // A failure does not stop the schedule.
        await harness.advance(by: 5)
        await harness.recorder.wait(forFinished: 2)
        await harness.stop()
    }

    @Test func contextDescribesTheRun() async throws {
        let seen = ContextBox()
        let harness = try await SchedulerHarness.start(
            tasks: ["look": { context in await seen.set(context) }],
            jobs: [JobDefinition(id: "look", task: "look", trigger: try Trigger(intervalSeconds: 5))]
        )
        await harness.advance(by: 5)
        await harness.recorder.wait(forFinished: 1)
        await harness.stop()
        let context = try #require(await seen.context)
        let run = try #require(await harness.runs(of: "look").first)
        #expect(context.jobId == "look")
        #expect(context.runId == run.id)
        #expect(context.dueAt == instant("2025-01-01T00:00:05Z"))
        #expect(context.trigger == .schedule)
        #expect(context.logger[metadataKey: "job_id"] == "look")
    }

    @Test func jobsAddedAndRemovedAtRunTime() async throws {
        let harness = try await SchedulerHarness.start()
        try await harness.scheduler.add(JobDefinition(id: "custom", name: "Custom", task: "noop", trigger: try Trigger(intervalSeconds: 10)))
        await harness.clock.waitForSleepers(count: 1)
        #expect(await harness.store.loadJobs().map(\.id) == ["custom"])

        await harness.advance(by: 10)
        await harness.recorder.wait(forFinished: 1)
        try await harness.scheduler.remove(id: "custom")
        await harness.clock.waitForSleepers(count: 1)
        await harness.advance(by: 30)
        await harness.stop()

        #expect(await harness.runs(of: "custom").count == 1)
        #expect(await harness.store.loadJobs().isEmpty)
        #expect(await harness.recorder.events.contains(.jobRemoved(id: "custom")))
    }

    @Test func statusCountsJobsAndShowsNextRuns() async throws {
        let gate = Gate()
        let harness = try await SchedulerHarness.start(
            tasks: ["noop": { _ in }, "wait": { _ in await gate.wait() }],
            jobs: [
                JobDefinition(id: "a", task: "noop", trigger: try Trigger(intervalSeconds: 5)),
                JobDefinition(id: "b", task: "noop", trigger: try Trigger(cron: "0 0 * * *"), paused: true),
                JobDefinition(id: "c", task: "wait", trigger: try Trigger(intervalSeconds: 60), protected: true),
            ]
        )
        _ = try await harness.scheduler.runNow(id: "c")
        let status = await harness.scheduler.status()
        #expect(status.isRunning)
        #expect(status.instanceId == "instance-1")
        #expect(status.timeZone == TimeZone.schedulerUTC.identifier)
        #expect(status.jobCount == 3)
        #expect(status.pausedCount == 1)
        #expect(status.runningCount == 1)
        #expect(status.jobs.map(\.definition.id) == ["a", "b", "c"])
        #expect(status.jobs.map { $0.nextRunAt.map(iso) } == ["2025-01-01T00:00:05Z", nil, "2025-01-01T00:01:00Z"])
        #expect(status.jobs.map(\.isRunning) == [false, false, true])

        await gate.open()
        await harness.recorder.wait(forFinished: 1)
        await harness.stop()
        #expect(await harness.scheduler.status().isRunning == false)
    }

    @Test func stoppingTheLoopCancelsRunsInProgress() async throws {
        let harness = try await SchedulerHarness.start(
            tasks: ["long": { _ in try await Task.sleep(for: .seconds(3600)) }],
            jobs: [JobDefinition(id: "long", task: "long", trigger: try Trigger(intervalSeconds: 5))]
        )
        await harness.advance(by: 5)
        await harness.recorder.wait { !$0.started.isEmpty }
        await harness.stop()
        let run = try #require(await harness.runs(of: "long").first)
        #expect(run.outcome == .failure)
        #expect(run.error == "cancelled")
    }
}

actor ContextBox {
    var context: JobContext?
    func set(_ context: JobContext) { self.context = context }
}

/// Holds task bodies until opened.
actor Gate {
    private var isOpen = false
    private var waiters: [CheckedContinuation<Void, Never>] = []

    func wait() async {
        if isOpen { return }
        await withCheckedContinuation { waiters.append($0) }
    }

    func open() {
        isOpen = true
        for waiter in waiters { waiter.resume() }
        waiters.removeAll()
    }
}
