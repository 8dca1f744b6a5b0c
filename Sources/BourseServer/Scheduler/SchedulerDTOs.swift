import Foundation
import Scheduling

/// A run as the API shows it.
struct JobRunDTO: Encodable, Sendable {
    let id: String
    let jobID: String
    let dueAt: Date
    let startedAt: Date
    let finishedAt: Date?
    let durationMs: Int?
    let outcome: String
    let error: String?
    let trigger: String
    let instanceID: String

    enum CodingKeys: String, CodingKey {
        case id, jobID = "job_id", dueAt = "due_at", startedAt = "started_at", finishedAt = "finished_at", durationMs = "duration_ms"
        case outcome, error, trigger, instanceID = "instance_id"
    }

    init(_ run: JobRun) {
        id = run.id.uuidString.lowercased()
        jobID = run.jobId
        dueAt = run.dueAt
        startedAt = run.startedAt
        finishedAt = run.finishedAt
        durationMs = run.duration.map { Int(($0 * 1000).rounded()) }
        outcome = run.outcome.rawValue
        error = run.error
        trigger = run.trigger.rawValue
        instanceID = run.instanceId
    }
}

/// A job as the API shows it.
struct JobDTO: Encodable, Sendable {
    let id: String
    let name: String
    let task: String
    let trigger: Trigger
    let nextRunAt: Date?
    let lastRun: JobRunDTO?
    let paused: Bool
    let protected: Bool
    let running: Bool
    let history: [JobRunDTO]?

    enum CodingKeys: String, CodingKey {
        case id, name, task, trigger, nextRunAt = "next_run_at", lastRun = "last_run", paused, protected, running, history
    }

    init(_ status: JobStatus, history: [JobRun]? = nil) {
        id = status.definition.id
        name = status.definition.name
        task = status.definition.task
        trigger = status.definition.trigger
        nextRunAt = status.nextRunAt
        lastRun = status.lastRun.map(JobRunDTO.init)
        paused = status.definition.paused
        protected = status.definition.protected
        running = status.isRunning
        self.history = history?.map(JobRunDTO.init)
    }
}
