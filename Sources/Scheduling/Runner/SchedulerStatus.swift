/// The scheduler as a whole: whether its loop runs, which instance it is, and job counts.
public struct SchedulerStatus: Sendable, Hashable {
    public var isRunning: Bool
    public var instanceId: String
    public var timeZone: String
    public var jobCount: Int
    public var pausedCount: Int
    /// Jobs with a run in progress on this instance.
    public var runningCount: Int
    public var jobs: [JobStatus]

    public init(isRunning: Bool, instanceId: String, timeZone: String, jobCount: Int, pausedCount: Int, runningCount: Int, jobs: [JobStatus]) {
        self.isRunning = isRunning
        self.instanceId = instanceId
        self.timeZone = timeZone
        self.jobCount = jobCount
        self.pausedCount = pausedCount
        self.runningCount = runningCount
        self.jobs = jobs
    }
}
