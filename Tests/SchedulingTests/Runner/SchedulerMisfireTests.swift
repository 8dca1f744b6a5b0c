import Foundation
import Testing
@testable import Scheduling

@Suite(.timeLimit(.minutes(1))) struct SchedulerMisfireTests {
    static let tight = SchedulerConfiguration(misfireGrace: 2, storeSyncInterval: nil)
    static let loose = SchedulerConfiguration(misfireGrace: 60, storeSyncInterval: nil)

    @Test func occurrencesMissedBeyondTheGraceAreRecordedSkippedOnce() async throws {
        let harness = try await SchedulerHarness.start(configuration: Self.tight, jobs: [
            JobDefinition(id: "tick", task: "noop", trigger: try Trigger(intervalSeconds: 10)),
        ])
        // The process "stalls" for 35 s: occurrences at 10, 20 and 30 s are all missed.
        await harness.advance(by: 35)
        await harness.recorder.wait(forSkipped: 1)
        await harness.advance(by: 5)
        await harness.recorder.wait(forFinished: 1)
        await harness.stop()

        let runs = await harness.runs(of: "tick")
        #expect(runs.map(\.outcome) == [.skipped, .success])
        #expect(runs.map { iso($0.dueAt) } == ["2025-01-01T00:00:30Z", "2025-01-01T00:00:40Z"])
        #expect(runs[0].error == "missed by 5.000 s (misfire grace 2.000 s); 3 occurrences coalesced")
        #expect(runs[0].trigger == .schedule)
    }

    @Test func occurrencesMissedWithinTheGraceRunOnceForTheLatest() async throws {
        let harness = try await SchedulerHarness.start(configuration: Self.loose, jobs: [
            JobDefinition(id: "tick", task: "noop", trigger: try Trigger(intervalSeconds: 10)),
        ])
        await harness.advance(by: 35)
        await harness.recorder.wait(forFinished: 1)
        await harness.advance(by: 5)
        await harness.recorder.wait(forFinished: 2)
        await harness.stop()

        let runs = await harness.runs(of: "tick")
        #expect(runs.map(\.outcome) == [.success, .success])
        #expect(runs.map { iso($0.dueAt) } == ["2025-01-01T00:00:30Z", "2025-01-01T00:00:40Z"])
        #expect(runs[0].lateness == 5)
    }

    @Test func aLongJobIsNeverStartedTwice() async throws {
        let probe = ConcurrencyProbe()
        let clock = VirtualClock(now: SchedulerHarness.start)
        let harness = try await SchedulerHarness.start(
            clock: clock,
            tasks: ["long": { _ in
                await probe.enter()
                // Twelve seconds of work on the virtual clock.
                try? await clock.sleep(until: clock.now().addingTimeInterval(12))
                await probe.leave()
            }],
            jobs: [JobDefinition(id: "long", task: "long", trigger: try Trigger(intervalSeconds: 5))]
        )

        await harness.advance(by: 5, thenSleepers: 2)   // t=5: starts; body sleeps to 17
        await harness.advance(by: 5, thenSleepers: 2)   // t=10: still running
        await harness.recorder.wait(forSkipped: 1)
        await harness.advance(by: 5, thenSleepers: 2)   // t=15: still running
        await harness.recorder.wait(forSkipped: 2)
        await harness.advance(by: 2)                    // t=17: body ends
        await harness.recorder.wait(forFinished: 1)
        await harness.advance(by: 3, thenSleepers: 2)   // t=20: runs again
        await harness.recorder.wait { $0.started.count == 2 }
        // Stopping cancels the second run; its body swallows the cancellation and ends normally.
        await harness.stop()

        #expect(await probe.maximum == 1)
        #expect(await probe.total == 2)
        let runs = await harness.runs(of: "long")
        #expect(runs.map(\.outcome) == [.success, .skipped, .skipped, .success])
        #expect(runs.map { iso($0.dueAt) } == ["2025-01-01T00:00:05Z", "2025-01-01T00:00:10Z", "2025-01-01T00:00:15Z", "2025-01-01T00:00:20Z"])
        #expect(runs[1].error == "previous run still in progress")
    }

    @Test func aRestartRecordsWhatWasMissedWhileDown() async throws {
        let every60 = try Trigger(intervalSeconds: 60)
        let store = InMemoryJobStore(
            jobs: [JobDefinition(id: "minutely", task: "noop", trigger: every60)],
            runs: [JobRun(
                jobId: "minutely", dueAt: instant("2024-12-31T23:00:00Z"), startedAt: instant("2024-12-31T23:00:00Z"),
                finishedAt: instant("2024-12-31T23:00:01Z"), outcome: .success, trigger: .schedule, instanceId: "old"
            )]
        )
        // Down from 23:00 until 00:00:30; the grace is 2 s.
        let harness = try await SchedulerHarness.start(
            at: instant("2025-01-01T00:00:30Z"), configuration: Self.tight,
            jobs: [JobDefinition(id: "minutely", task: "noop", trigger: every60)], store: store
        )
        await harness.recorder.wait(forSkipped: 1)
        await harness.stop()
        let skipped = try #require(await harness.runs(of: "minutely").last)
        #expect(skipped.outcome == .skipped)
        #expect(iso(skipped.dueAt) == "2025-01-01T00:00:00Z")
        #expect(skipped.error == "missed by 30.000 s (misfire grace 2.000 s); 60 occurrences coalesced")
        #expect(try await harness.scheduler.job(id: "minutely").nextRunAt == instant("2025-01-01T00:01:00Z"))
    }

    @Test func aRestartWithinTheGraceRunsTheMissedOccurrence() async throws {
        let daily = try Trigger(cron: "0 0 * * *")
        let store = InMemoryJobStore(runs: [JobRun(
            jobId: "daily_report", dueAt: instant("2024-12-31T00:00:00Z"), startedAt: instant("2024-12-31T00:00:00Z"),
            finishedAt: instant("2024-12-31T00:00:09Z"), outcome: .success, trigger: .schedule, instanceId: "old"
        )])
        let harness = try await SchedulerHarness.start(
            at: instant("2025-01-01T00:00:20Z"), configuration: SchedulerConfiguration(misfireGrace: 60, storeSyncInterval: nil),
            jobs: [JobDefinition(id: "daily_report", task: "noop", trigger: daily)], store: store
        )
        await harness.recorder.wait(forFinished: 1)
        await harness.stop()
        let run = try #require(await harness.runs(of: "daily_report").last)
        #expect(run.outcome == .success)
        #expect(iso(run.dueAt) == "2025-01-01T00:00:00Z")
        #expect(run.lateness == 20)
    }
}
