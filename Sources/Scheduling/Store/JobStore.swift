/// Where job definitions (with their paused flag) and run history are kept across restarts.
///
/// Implementations must be safe to share between scheduler instances: the runner writes each
/// run once (start, then finish by the same `id`) and reads definitions back to pick up changes
/// made through another instance.
public protocol JobStore: Sendable {
    /// Every stored job definition.
    func loadJobs() async throws -> [JobDefinition]
    /// Inserts or replaces the definition with the same id.
    func saveJob(_ job: JobDefinition) async throws
    /// Removes the definition; its history may be kept.
    func deleteJob(id: String) async throws
    /// Records a run that has started (outcome `running`), or a skipped one (already finished).
    func recordRunStarted(_ run: JobRun) async throws
    /// Records the end of a run previously passed to `recordRunStarted`, matched by `id`.
    func recordRunFinished(_ run: JobRun) async throws
    /// The latest runs of a job, newest first.
    func recentRuns(jobId: String, limit: Int) async throws -> [JobRun]
    /// The run (or skip) with the latest due time among the job's schedule-triggered runs, so a
    /// restarted scheduler can tell which occurrences it missed while down.
    func lastScheduledRun(jobId: String) async throws -> JobRun?
}
