/// Something the server may announce: a run started, finished or skipped, or a job changed.
public enum SchedulerEvent: Sendable, Hashable {
    case runStarted(JobRun)
    case runFinished(JobRun)
    case runSkipped(JobRun)
    /// Added, paused or resumed (by this instance, or seen in the store from another).
    case jobChanged(JobDefinition)
    case jobRemoved(id: String)
}
