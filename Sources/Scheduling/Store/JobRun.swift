import Foundation

/// One run of a job, from start to finish, as kept in the history.
public struct JobRun: Sendable, Hashable, Codable, Identifiable {
    /// How a run ended (or that it has not yet).
    public enum Outcome: String, Sendable, Hashable, Codable {
        case running
        case success
        case failure
        /// Not run: missed beyond the misfire grace, or the previous run was still going.
        case skipped
    }

    /// What asked for the run: its schedule, or an administrator's run-now.
    public enum Cause: String, Sendable, Hashable, Codable {
        case schedule
        case admin
    }

    public var id: UUID
    public var jobId: String
    /// The due time the run is for (for a run-now, the instant it was asked for).
    public var dueAt: Date
    public var startedAt: Date
    public var finishedAt: Date?
    public var outcome: Outcome
    public var error: String?
    public var trigger: Cause
    /// The scheduler instance that ran (or skipped) it.
    public var instanceId: String

    public init(
        id: UUID = UUID(), jobId: String, dueAt: Date, startedAt: Date, finishedAt: Date? = nil,
        outcome: Outcome, error: String? = nil, trigger: Cause, instanceId: String
    ) {
        self.id = id
        self.jobId = jobId
        self.dueAt = dueAt
        self.startedAt = startedAt
        self.finishedAt = finishedAt
        self.outcome = outcome
        self.error = error
        self.trigger = trigger
        self.instanceId = instanceId
    }

    /// Seconds from start to finish, once finished.
    public var duration: TimeInterval? {
        finishedAt.map { $0.timeIntervalSince(startedAt) }
    }

    /// Seconds from due time to start: the trigger lateness.
    public var lateness: TimeInterval {
        startedAt.timeIntervalSince(dueAt)
    }
}
