/// A `JobStore` in memory, for tests and for running without a database.
public actor InMemoryJobStore: JobStore {
    private var jobs: [String: JobDefinition] = [:]
    private var runs: [JobRun] = []

    public init(jobs: [JobDefinition] = [], runs: [JobRun] = []) {
        for job in jobs { self.jobs[job.id] = job }
        self.runs = runs
    }

    public func loadJobs() -> [JobDefinition] {
        jobs.values.sorted { $0.id < $1.id }
    }

    public func saveJob(_ job: JobDefinition) {
        jobs[job.id] = job
    }

    public func deleteJob(id: String) {
        jobs.removeValue(forKey: id)
    }

    public func recordRunStarted(_ run: JobRun) {
        runs.append(run)
    }

    public func recordRunFinished(_ run: JobRun) {
        if let index = runs.lastIndex(where: { $0.id == run.id }) {
            runs[index] = run
        } else {
            runs.append(run)
        }
    }

    public func recentRuns(jobId: String, limit: Int) -> [JobRun] {
        Array(runs.lazy.filter { $0.jobId == jobId }.reversed().prefix(max(limit, 0)))
    }

    public func lastScheduledRun(jobId: String) -> JobRun? {
        runs.filter { $0.jobId == jobId && $0.trigger == .schedule }.max { $0.dueAt < $1.dueAt }
    }

    /// Every run of every job, oldest first.
    public func allRuns() -> [JobRun] {
        runs
    }
}
