import Foundation

/// A job as the API lists it: definition, next due time, whether it runs now, its last run.
public struct JobStatus: Sendable, Hashable {
    public var definition: JobDefinition
    /// Nil while paused, or when a cron expression never fires again.
    public var nextRunAt: Date?
    public var isRunning: Bool
    public var lastRun: JobRun?

    public init(definition: JobDefinition, nextRunAt: Date?, isRunning: Bool, lastRun: JobRun?) {
        self.definition = definition
        self.nextRunAt = nextRunAt
        self.isRunning = isRunning
        self.lastRun = lastRun
    }
}
