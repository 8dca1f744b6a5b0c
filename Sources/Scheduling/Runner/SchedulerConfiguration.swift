import Foundation

/// Tunables of the runner; the defaults suit the platform's jobs.
public struct SchedulerConfiguration: Sendable {
    /// The zone cron expressions are read in.
    public var timeZone: TimeZone
    /// A due occurrence reached later than this is recorded skipped instead of run.
    public var misfireGrace: TimeInterval
    /// The smallest interval a job may have, in seconds.
    public var minimumIntervalSeconds: Int
    /// How long a run's claim blocks other instances if this one dies without releasing it.
    public var leaseTTL: TimeInterval
    /// Task kinds every instance runs at each due time, without asking the lease: checks of the
    /// instance itself (its health heartbeat, its own metrics), which also must run when the
    /// lease's store is down: the run that finds the database down is the one that matters.
    /// Every other job runs once per due time across the instances.
    public var everyInstance: Set<String> = []
    /// How often definitions are re-read from the store to see other instances' changes;
    /// nil when this is the only instance.
    public var storeSyncInterval: TimeInterval?
    /// History entries `job(id:)` returns.
    public var historyLimit: Int

    public init(
        timeZone: TimeZone = .schedulerUTC,
        misfireGrace: TimeInterval = 30,
        minimumIntervalSeconds: Int = IntervalTrigger.defaultMinimumSeconds,
        leaseTTL: TimeInterval = 300,
        storeSyncInterval: TimeInterval? = 10,
        historyLimit: Int = 20
    ) {
        self.timeZone = timeZone
        self.misfireGrace = misfireGrace
        self.minimumIntervalSeconds = minimumIntervalSeconds
        self.leaseTTL = leaseTTL
        self.storeSyncInterval = storeSyncInterval
        self.historyLimit = historyLimit
    }
}
