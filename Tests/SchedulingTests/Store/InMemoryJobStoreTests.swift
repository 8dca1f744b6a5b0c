import Foundation
import Testing
@testable import Scheduling

@Suite struct InMemoryJobStoreTests {
    @Test func savesReplacesAndDeletesDefinitions() async throws {
        let store: any JobStore = InMemoryJobStore()
        var job = JobDefinition(id: "b", task: "t", trigger: try Trigger(intervalSeconds: 5))
        try await store.saveJob(job)
        try await store.saveJob(JobDefinition(id: "a", task: "t", trigger: try Trigger(cron: "@daily")))
        job.paused = true
        try await store.saveJob(job)
        #expect(try await store.loadJobs().map(\.id) == ["a", "b"])
        #expect(try await store.loadJobs().last?.paused == true)
        try await store.deleteJob(id: "a")
        #expect(try await store.loadJobs().map(\.id) == ["b"])
    }

    @Test func historyIsNewestFirstAndFinishReplacesStart() async throws {
        let store: any JobStore = InMemoryJobStore()
        let start = instant("2025-01-01T00:00:00Z")
        var first = JobRun(jobId: "j", dueAt: start, startedAt: start, outcome: .running, trigger: .schedule, instanceId: "i")
        try await store.recordRunStarted(first)
        first.outcome = .success
        first.finishedAt = start.addingTimeInterval(2)
        try await store.recordRunFinished(first)
        let admin = JobRun(jobId: "j", dueAt: start.addingTimeInterval(9), startedAt: start.addingTimeInterval(9), outcome: .running, trigger: .admin, instanceId: "i")
        try await store.recordRunStarted(admin)
        try await store.recordRunStarted(JobRun(jobId: "other", dueAt: start, startedAt: start, outcome: .running, trigger: .schedule, instanceId: "i"))

        let recent = try await store.recentRuns(jobId: "j", limit: 10)
        #expect(recent.map(\.trigger) == [.admin, .schedule])
        #expect(recent.last?.outcome == .success)
        #expect(recent.last?.duration == 2)
        #expect(try await store.recentRuns(jobId: "j", limit: 1).count == 1)
        // A run-now is not a scheduled occurrence: it does not move the schedule.
        #expect(try await store.lastScheduledRun(jobId: "j")?.id == first.id)
    }
}
