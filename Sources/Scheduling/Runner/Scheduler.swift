import Foundation
import Logging

/// Runs jobs on their triggers, at most one run of a job at a time, one instance per occurrence.
///
/// Use: register task kinds, `bootstrap(defaults:)` (or let `run()` do it with no defaults), then
/// `run()` until the surrounding task is cancelled. Due occurrences reached later than the misfire
/// grace are recorded `skipped`; several occurrences missed together are coalesced into one (the
/// latest). An occurrence that comes due while the job's previous run is still going is recorded
/// `skipped` too, rather than queued, so a slow job never piles up. A run-now of a running job is
/// rejected with `alreadyRunning`. Missed occurrences are counted from the last scheduled run in
/// the store, so a restart notices what it missed; time spent paused is not "missed".
public actor Scheduler {
    struct Entry {
        var definition: JobDefinition
        var nextDue: Date?
        /// Set from the moment a run is being claimed until it has finished.
        var active: ActiveRun?
        var lastRun: JobRun?
    }

    struct ActiveRun {
        var record: JobRun?
        var task: Task<Void, Never>?
    }

    /// The longest the loop sleeps before re-checking, even when nothing is due sooner.
    static let idleSleep: TimeInterval = 3600
    /// Delay before retrying a bootstrap that the store refused.
    static let bootstrapRetry: TimeInterval = 5

    public nonisolated let instanceId: String
    public nonisolated let configuration: SchedulerConfiguration
    let store: any JobStore
    let lease: any JobLease
    let clock: any SchedulerClock
    let logger: Logger

    var tasks: [String: JobTask]
    var entries: [String: Entry] = [:]
    var bootstrapped = false
    var isLoopRunning = false
    var sleepTask: Task<Void, Never>?
    var subscribers: [UUID: AsyncStream<SchedulerEvent>.Continuation] = [:]
    /// Bumped by every local change of definitions, so a store read that raced one is discarded.
    var mutations = 0

    public init(
        instanceId: String = UUID().uuidString,
        store: any JobStore,
        lease: any JobLease,
        clock: any SchedulerClock = SystemSchedulerClock(),
        configuration: SchedulerConfiguration = SchedulerConfiguration(),
        tasks: [String: JobTask] = [:],
        logger: Logger = Logger(label: "bourse.scheduler")
    ) {
        self.instanceId = instanceId
        self.store = store
        self.lease = lease
        self.clock = clock
        self.configuration = configuration
        self.tasks = tasks
        var logger = logger
        logger[metadataKey: "scheduler_instance"] = "\(instanceId)"
        self.logger = logger
    }

    /// Makes a task kind available to jobs; registering a name again replaces its body.
    public func register(task name: String, _ body: @escaping JobTask) {
        tasks[name] = body
    }

    /// The registered task kinds, sorted.
    public var registeredTasks: [String] {
        tasks.keys.sorted()
    }

    /// Loads the stored jobs and merges the code-defined `defaults` into them.
    ///
    /// A default keeps its stored paused flag (never paused if protected) and takes everything
    /// else from code; stored custom jobs whose task kind is not registered are left in the store
    /// but not scheduled.
    public func bootstrap(defaults: [JobDefinition] = []) async throws(SchedulerError) {
        mutations += 1
        let stored = try await storeCall { try await store.loadJobs() }
        var storedById = Dictionary(stored.map { ($0.id, $0) }, uniquingKeysWith: { first, _ in first })
        var definitions: [JobDefinition] = []
        for var job in defaults {
            try validate(job)
            let previous = storedById.removeValue(forKey: job.id)
            if let previous { job.paused = previous.paused && !job.protected }
            if previous != job {
                try await storeCall { try await store.saveJob(job) }
            }
            definitions.append(job)
        }
        for job in storedById.values.sorted(by: { $0.id < $1.id }) {
            guard tasks[job.task] != nil else {
                logger.warning("stored job not scheduled: unknown task kind", metadata: ["job_id": "\(job.id)", "task": "\(job.task)"])
                continue
            }
            definitions.append(job)
        }

        let now = clock.now()
        for job in definitions {
            let lastRun = try? await store.recentRuns(jobId: job.id, limit: 1).first
            let lastScheduled = try? await store.lastScheduledRun(jobId: job.id)
            let nextDue = job.paused ? nil : job.trigger.next(after: lastScheduled?.dueAt ?? now, in: configuration.timeZone)
            entries[job.id] = Entry(definition: job, nextDue: nextDue, active: entries[job.id]?.active, lastRun: lastRun)
        }
        bootstrapped = true
        wake()
    }

    /// Runs due jobs until the calling task is cancelled, then cancels and awaits runs in progress.
    public func run() async {
        guard !isLoopRunning else {
            logger.warning("scheduler loop already running")
            return
        }
        isLoopRunning = true
        defer { isLoopRunning = false }
        logger.info("scheduler started", metadata: ["time_zone": "\(configuration.timeZone.identifier)"])

        var nextSync = configuration.storeSyncInterval.map { clock.now().addingTimeInterval($0) }
        while !Task.isCancelled {
            if !bootstrapped {
                do {
                    try await bootstrap()
                } catch {
                    logger.error("scheduler bootstrap failed; retrying", metadata: ["error": "\(error)"])
                    await sleep(until: clock.now().addingTimeInterval(Self.bootstrapRetry))
                    continue
                }
            }
            let now = clock.now()
            if let due = nextSync, now >= due, let interval = configuration.storeSyncInterval {
                await synchronize()
                nextSync = clock.now().addingTimeInterval(interval)
            }
            await dispatchDue(at: now)
            guard !Task.isCancelled else { break }
            // Never sleep longer than `idleSleep`: a far-off cron date or a jump of the wall
            // clock is re-checked at least that often.
            let wakeAt = [earliestDue(), nextSync, clock.now().addingTimeInterval(Self.idleSleep)].compactMap { $0 }.min()!
            await sleep(until: wakeAt)
        }
        await stopActiveRuns()
        logger.info("scheduler stopped")
    }

    func earliestDue() -> Date? {
        entries.values.lazy.filter { !$0.definition.paused }.compactMap(\.nextDue).min()
    }

    /// Sleeps on the clock in a task of its own so that `wake()` can cut the sleep short.
    private func sleep(until deadline: Date) async {
        let clock = self.clock
        let task = Task { _ = try? await clock.sleep(until: deadline) }
        sleepTask = task
        await withTaskCancellationHandler {
            await task.value
        } onCancel: {
            task.cancel()
        }
        sleepTask = nil
    }

    /// Makes the loop re-plan now: a job was added, resumed, or changed.
    func wake() {
        sleepTask?.cancel()
    }

    private func stopActiveRuns() async {
        let running = entries.values.compactMap { $0.active?.task }
        for task in running { task.cancel() }
        for task in running { await task.value }
    }

    /// Runs a store operation, turning its failure into `storeFailure`.
    func storeCall<T>(_ operation: () async throws -> T) async throws(SchedulerError) -> T {
        do {
            return try await operation()
        } catch {
            throw .storeFailure(String(describing: error))
        }
    }
}
