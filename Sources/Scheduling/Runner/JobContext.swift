import Foundation
import Logging

/// What a task body is told about the run it performs.
public struct JobContext: Sendable {
    public let jobId: String
    public let runId: UUID
    /// The occurrence being run (for a run-now, the instant it was asked for).
    public let dueAt: Date
    public let trigger: JobRun.Cause
    /// Carries `job_id` and `run_id` metadata.
    public let logger: Logger

    public init(jobId: String, runId: UUID, dueAt: Date, trigger: JobRun.Cause, logger: Logger) {
        self.jobId = jobId
        self.runId = runId
        self.dueAt = dueAt
        self.trigger = trigger
        self.logger = logger
    }
}

/// The work behind a task kind; throwing marks the run failed with the error's description.
public typealias JobTask = @Sendable (JobContext) async throws -> Void
