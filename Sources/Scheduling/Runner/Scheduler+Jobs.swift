import Foundation

extension Scheduler {
    /// Adds a job at run time and stores it; its first run is its trigger's next due time.
    @discardableResult
    public func add(_ job: JobDefinition) async throws(SchedulerError) -> JobStatus {
        try validate(job)
        guard entries[job.id] == nil else { throw .jobExists(job.id) }
        // Installed before the store call suspends, so a concurrent add of the same id fails.
        entries[job.id] = Entry(definition: job, nextDue: nextDue(for: job), active: nil, lastRun: nil)
        mutations += 1
        do {
            try await storeCall { try await store.saveJob(job) }
        } catch {
            entries.removeValue(forKey: job.id)
            throw error
        }
        emit(.jobChanged(job))
        wake()
        return try status(of: job.id)
    }

    /// Deletes a job; a run in progress finishes. Protected jobs cannot be deleted.
    public func remove(id: String) async throws(SchedulerError) {
        let entry = try existing(id)
        guard !entry.definition.protected else { throw .protectedJob(id) }
        mutations += 1
        try await storeCall { try await store.deleteJob(id: id) }
        entries.removeValue(forKey: id)
        emit(.jobRemoved(id: id))
        wake()
    }

    /// Stops scheduling a job until resumed. Protected jobs cannot be paused.
    @discardableResult
    public func pause(id: String) async throws(SchedulerError) -> JobStatus {
        try await setPaused(true, id: id)
    }

    /// Schedules a paused job again from now on; occurrences while paused are not made up.
    @discardableResult
    public func resume(id: String) async throws(SchedulerError) -> JobStatus {
        try await setPaused(false, id: id)
    }

    /// Starts one run now, recorded with trigger `admin`, whether or not the job is paused.
    /// Throws `alreadyRunning` when a run of the job is in progress here or on another instance.
    public func runNow(id: String) async throws(SchedulerError) -> JobRun {
        let entry = try existing(id)
        guard tasks[entry.definition.task] != nil else { throw .unknownTask(entry.definition.task) }
        guard entry.active == nil else { throw .alreadyRunning(id) }
        guard let run = await startRun(entry.definition, dueAt: clock.now(), cause: .admin) else {
            throw .alreadyRunning(id)
        }
        return run
    }

    /// Every job, sorted by id.
    public func jobs() -> [JobStatus] {
        entries.keys.sorted().compactMap { try? status(of: $0) }
    }

    /// One job.
    public func job(id: String) throws(SchedulerError) -> JobStatus {
        try status(of: id)
    }

    /// The latest runs of a job from the store, newest first (other instances' runs included).
    public func history(jobId: String, limit: Int? = nil) async throws(SchedulerError) -> [JobRun] {
        _ = try existing(jobId)
        let limit = limit ?? configuration.historyLimit
        return try await storeCall { try await store.recentRuns(jobId: jobId, limit: limit) }
    }

    /// The scheduler as a whole.
    public func status() -> SchedulerStatus {
        let jobs = jobs()
        return SchedulerStatus(
            isRunning: isLoopRunning,
            instanceId: instanceId,
            timeZone: configuration.timeZone.identifier,
            jobCount: jobs.count,
            pausedCount: jobs.count { $0.definition.paused },
            runningCount: jobs.count { $0.isRunning },
            jobs: jobs
        )
    }

    private func setPaused(_ paused: Bool, id: String) async throws(SchedulerError) -> JobStatus {
        var entry = try existing(id)
        guard entry.definition.paused != paused else { return try status(of: id) }
        if paused, entry.definition.protected { throw .protectedJob(id) }
        let previous = entry
        entry.definition.paused = paused
        entry.nextDue = nextDue(for: entry.definition)
        entries[id] = entry
        mutations += 1
        do {
            try await storeCall { [definition = entry.definition] in try await store.saveJob(definition) }
        } catch {
            entries[id]?.definition.paused = previous.definition.paused
            entries[id]?.nextDue = previous.nextDue
            throw error
        }
        emit(.jobChanged(entry.definition))
        wake()
        return try status(of: id)
    }

    func nextDue(for job: JobDefinition) -> Date? {
        job.paused ? nil : job.trigger.next(after: clock.now(), in: configuration.timeZone)
    }

    private func existing(_ id: String) throws(SchedulerError) -> Entry {
        guard let entry = entries[id] else { throw .jobNotFound(id) }
        return entry
    }

    private func status(of id: String) throws(SchedulerError) -> JobStatus {
        let entry = try existing(id)
        return JobStatus(
            definition: entry.definition,
            nextRunAt: entry.definition.paused ? nil : entry.nextDue,
            isRunning: entry.active != nil,
            lastRun: entry.lastRun
        )
    }

    /// Checks what the store and the loop rely on: a usable id, a registered task kind, an
    /// interval at or above the floor, a cron expression that fires at all.
    func validate(_ job: JobDefinition) throws(SchedulerError) {
        let allowed = Set("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789_-.")
        guard (1...64).contains(job.id.count), job.id.allSatisfy(allowed.contains) else {
            throw .invalidJob("id must be 1-64 characters of letters, digits, '_', '-' or '.'")
        }
        guard !job.name.isEmpty else { throw .invalidJob("name must not be empty") }
        guard tasks[job.task] != nil else { throw .unknownTask(job.task) }
        switch job.trigger {
        case .interval(let interval):
            guard interval.seconds >= configuration.minimumIntervalSeconds else {
                throw .invalidTrigger(.intervalTooShort(seconds: interval.seconds, minimum: configuration.minimumIntervalSeconds))
            }
        case .cron(let expression):
            guard expression.next(after: clock.now(), in: configuration.timeZone) != nil else {
                throw .invalidTrigger(.neverFires(expression.source))
            }
        }
    }
}
