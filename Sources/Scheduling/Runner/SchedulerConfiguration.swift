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
    /// Task kinds that run even when the lease cannot be asked (its store is down). For most
    /// jobs a missed run beats a duplicate; a health check is the exception: the run that finds
    /// the database down is the one that matters, and a duplicate check costs nothing.
    public var runWithoutLease: Set<String> = []
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
