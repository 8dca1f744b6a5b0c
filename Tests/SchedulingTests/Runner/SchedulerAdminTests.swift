import Foundation
import Testing
@testable import Scheduling

@Suite(.timeLimit(.minutes(1))) struct SchedulerAdminTests {
    @Test func pauseStopsRunsAndResumeRestartsFromNow() async throws {
        let harness = try await SchedulerHarness.start(jobs: [
            JobDefinition(id: "tick", task: "noop", trigger: try Trigger(intervalSeconds: 5)),
        ])
        let paused = try await harness.scheduler.pause(id: "tick")
        #expect(paused.definition.paused)
        #expect(paused.nextRunAt == nil)
        #expect(await harness.store.loadJobs().first?.paused == true)
        await harness.clock.waitForSleepers(count: 1)

        await harness.advance(by: 12)
        #expect(await harness.runs(of: "tick").isEmpty)

        let resumed = try await harness.scheduler.resume(id: "tick")
        // Occurrences while paused are not made up: the next is the first after now.
        #expect(resumed.nextRunAt == instant("2025-01-01T00:00:15Z"))
        await harness.clock.waitForSleepers(count: 1)
        await harness.advance(by: 3)
        await harness.recorder.wait(forFinished: 1)
        await harness.stop()

        let runs = await harness.runs(of: "tick")
        #expect(runs.map { iso($0.dueAt) } == ["2025-01-01T00:00:15Z"])
        #expect(runs.allSatisfy { $0.outcome == .success })
    }

    @Test func runNowIsRecordedAsAdminEvenWhilePaused() async throws {
        let harness = try await SchedulerHarness.start(jobs: [
            JobDefinition(id: "report", task: "noop", trigger: try Trigger(cron: "0 0 * * *"), paused: true),
        ])
        let run = try await harness.scheduler.runNow(id: "report")
        #expect(run.trigger == .admin)
        #expect(run.outcome == .running)
        await harness.recorder.wait(forFinished: 1)
        await harness.stop()

        let stored = try #require(await harness.runs(of: "report").first)
        #expect(stored.id == run.id)
        #expect(stored.trigger == .admin)
        #expect(stored.outcome == .success)
        #expect(try await harness.scheduler.history(jobId: "report").map(\.id) == [run.id])
        // A run-now leaves the schedule alone.
        #expect(try await harness.scheduler.job(id: "report").definition.paused)
    }

    @Test func runNowWhileRunningIsRejected() async throws {
        let gate = Gate()
        let harness = try await SchedulerHarness.start(
            tasks: ["wait": { _ in await gate.wait() }],
            jobs: [JobDefinition(id: "slow", task: "wait", trigger: try Trigger(cron: "0 0 1 1 *"))]
        )
        _ = try await harness.scheduler.runNow(id: "slow")
        await #expect(throws: SchedulerError.alreadyRunning("slow")) {
            try await harness.scheduler.runNow(id: "slow")
        }
        await gate.open()
        await harness.recorder.wait(forFinished: 1)
        // Once finished, it may run again.
        _ = try await harness.scheduler.runNow(id: "slow")
        await harness.recorder.wait(forFinished: 2)
        await harness.stop()
        #expect(await harness.runs(of: "slow").count == 2)
    }

    @Test func protectedJobCannotBePausedOrDeleted() async throws {
        let harness = try await SchedulerHarness.start(jobs: [
            JobDefinition(id: "alert_check", task: "noop", trigger: try Trigger(intervalSeconds: 10), protected: true),
        ])
        await #expect(throws: SchedulerError.protectedJob("alert_check")) { try await harness.scheduler.pause(id: "alert_check") }
        await #expect(throws: SchedulerError.protectedJob("alert_check")) { try await harness.scheduler.remove(id: "alert_check") }
        // Run-now and resume (a no-op) are still allowed.
        _ = try await harness.scheduler.resume(id: "alert_check")
        _ = try await harness.scheduler.runNow(id: "alert_check")
        await harness.recorder.wait(forFinished: 1)
        await harness.stop()
        #expect(await harness.store.loadJobs().map(\.id) == ["alert_check"])
    }

    @Test func badJobsAreRejectedWithTypedErrors() async throws {
        let harness = try await SchedulerHarness.start(
            configuration: SchedulerConfiguration(minimumIntervalSeconds: 5, storeSyncInterval: nil),
            jobs: [JobDefinition(id: "tick", task: "noop", trigger: try Trigger(intervalSeconds: 5))]
        )
        let scheduler = harness.scheduler
        await #expect(throws: SchedulerError.unknownTask("mine_bitcoin")) {
            try await scheduler.add(JobDefinition(id: "x", task: "mine_bitcoin", trigger: try Trigger(intervalSeconds: 60)))
        }
        await #expect(throws: SchedulerError.invalidTrigger(.intervalTooShort(seconds: 2, minimum: 5))) {
            try await scheduler.add(JobDefinition(id: "x", task: "noop", trigger: try Trigger(intervalSeconds: 2)))
        }
        await #expect(throws: SchedulerError.invalidTrigger(.neverFires("0 0 30 2 *"))) {
            try await scheduler.add(JobDefinition(id: "x", task: "noop", trigger: try Trigger(cron: "0 0 30 2 *")))
        }
        await #expect(throws: SchedulerError.jobExists("tick")) {
            try await scheduler.add(JobDefinition(id: "tick", task: "noop", trigger: try Trigger(intervalSeconds: 60)))
        }
        await #expect(throws: SchedulerError.self) {
            try await scheduler.add(JobDefinition(id: "has space", task: "noop", trigger: try Trigger(intervalSeconds: 60)))
        }
        for operation in [
            { try await scheduler.pause(id: "ghost") },
            { try await scheduler.resume(id: "ghost") },
        ] as [@Sendable () async throws -> JobStatus] {
            await #expect(throws: SchedulerError.jobNotFound("ghost")) { try await operation() }
        }
        await #expect(throws: SchedulerError.jobNotFound("ghost")) { try await scheduler.remove(id: "ghost") }
        await #expect(throws: SchedulerError.jobNotFound("ghost")) { try await scheduler.runNow(id: "ghost") }
        await #expect(throws: SchedulerError.jobNotFound("ghost")) { try await scheduler.history(jobId: "ghost") }
        await harness.stop()
        #expect(await harness.store.loadJobs().map(\.id) == ["tick"])
    }

    @Test func errorCodesAreStable() {
        let codes: [(SchedulerError, String)] = [
            (.jobNotFound("j"), "job_not_found"),
            (.jobExists("j"), "job_exists"),
            (.protectedJob("j"), "protected_job"),
            (.alreadyRunning("j"), "already_running"),
            (.unknownTask("t"), "unknown_task"),
            (.invalidTrigger(.intervalTooShort(seconds: 0, minimum: 1)), "invalid_interval"),
            (.invalidTrigger(.invalidCron(CronParseError(field: .hour, position: 2, reason: "r"))), "invalid_cron"),
            (.invalidTrigger(.neverFires("0 0 30 2 *")), "invalid_cron"),
            (.invalidJob("r"), "invalid_job"),
            (.storeFailure("r"), "store_failure"),
        ]
        for (error, code) in codes {
            #expect(error.code == code)
        }
        #expect(SchedulerError.invalidTrigger(.invalidCron(CronParseError(field: .hour, position: 5, reason: "value 24 out of range 0-23"))).description
            == "invalid cron expression: field 'hour' at position 5: value 24 out of range 0-23")
    }

    @Test func bootstrapKeepsStoredPausedFlagButNeverForProtectedJobs() async throws {
        let store = InMemoryJobStore(jobs: [
            JobDefinition(id: "market_analysis", task: "noop", trigger: try Trigger(intervalSeconds: 30), paused: true),
            JobDefinition(id: "alert_check", task: "noop", trigger: try Trigger(intervalSeconds: 10), paused: true, protected: true),
            JobDefinition(id: "custom", task: "noop", trigger: try Trigger(intervalSeconds: 60)),
            JobDefinition(id: "orphan", task: "retired_task", trigger: try Trigger(intervalSeconds: 60)),
        ])
        let harness = try await SchedulerHarness.start(
            jobs: [
                // Code now says 60 s; the stored pause stays.
                JobDefinition(id: "market_analysis", task: "noop", trigger: try Trigger(intervalSeconds: 60)),
                JobDefinition(id: "alert_check", task: "noop", trigger: try Trigger(intervalSeconds: 10), protected: true),
            ],
            store: store
        )
        let jobs = await harness.scheduler.jobs()
        await harness.stop()
        #expect(jobs.map(\.definition.id) == ["alert_check", "custom", "market_analysis"])
        #expect(jobs.map(\.definition.paused) == [false, false, true])
        #expect(jobs.last?.definition.trigger == (try Trigger(intervalSeconds: 60)))
        // The orphan stays stored for when its task kind returns.
        #expect(await store.loadJobs().map(\.id).contains("orphan"))
    }
}
