import Foundation
import Logging

extension Scheduler {
    /// Decides, for every job due by `now`, whether to run it, coalesce it or record it skipped.
    func dispatchDue(at now: Date) async {
        let due = entries.values
            .filter { !$0.definition.paused && $0.nextDue.map { $0 <= now } == true }
            .sorted { ($0.nextDue!, $0.definition.id) < ($1.nextDue!, $1.definition.id) }
            .map(\.definition.id)
        for id in due {
            // Re-read: an earlier iteration's suspension may have let the job change.
            guard let entry = entries[id], !entry.definition.paused, let first = entry.nextDue, first <= now else { continue }
            let trigger = entry.definition.trigger
            let (latest, count) = trigger.occurrences(from: first, through: now, in: configuration.timeZone)
            // Advance before any suspension so no other path sees this occurrence as still due.
            entries[id]?.nextDue = trigger.next(after: latest, in: configuration.timeZone)
            let lateness = now.timeIntervalSince(latest)
            let coalesced = count > 1 ? "; \(count) occurrences coalesced" : ""
            if lateness > configuration.misfireGrace {
                await recordSkip(
                    entry.definition, dueAt: latest,
                    reason: "missed by \(Self.seconds(lateness)) s (misfire grace \(Self.seconds(configuration.misfireGrace)) s)\(coalesced)"
                )
            } else if entry.active != nil {
                await recordSkip(entry.definition, dueAt: latest, reason: "previous run still in progress\(coalesced)")
            } else {
                if count > 1 {
                    logger.info("missed occurrences coalesced into one run", metadata: ["job_id": "\(id)", "count": "\(count)"])
                }
                _ = await startRun(entry.definition, dueAt: latest, cause: .schedule)
            }
        }
    }

    /// Claims the occurrence and starts the run in a task of its own; nil when the job is
    /// already active here or another instance holds the occurrence or the job.
    func startRun(_ definition: JobDefinition, dueAt: Date, cause: JobRun.Cause) async -> JobRun? {
        let id = definition.id
        guard let body = tasks[definition.task] else {
            logger.error("job not run: unknown task kind", metadata: ["job_id": "\(id)", "task": "\(definition.task)"])
            return nil
        }
        guard let entry = entries[id], entry.active == nil else { return nil }
        // Marked before the lease call suspends, so a concurrent run-now cannot slip in.
        entries[id]?.active = ActiveRun()
        let runId = UUID()
        let runKey = cause == .admin ? RunKey.admin(runId) : RunKey.scheduled(dueAt)
        guard await acquire(jobId: id, task: definition.task, runKey: runKey) else {
            entries[id]?.active = nil
            return nil
        }
        guard entries[id] != nil else {
            await releaseLease(jobId: id, runKey: runKey)
            return nil
        }

        let run = JobRun(id: runId, jobId: id, dueAt: dueAt, startedAt: clock.now(), outcome: .running, trigger: cause, instanceId: instanceId)
        entries[id]?.active?.record = run
        emit(.runStarted(run))
        var runLogger = logger
        runLogger[metadataKey: "job_id"] = "\(id)"
        runLogger[metadataKey: "run_id"] = "\(run.id)"
        let context = JobContext(jobId: id, runId: run.id, dueAt: dueAt, trigger: cause, logger: runLogger)
        let store = self.store
        let task = Task {
            let failure = await Self.perform(body, context: context, recording: run, in: store)
            await self.finishRun(run, failure: failure)
        }
        entries[id]?.active?.task = task
        return run
    }

    /// Runs the body while its start is written to the store, so the store's latency does not
    /// delay the start; returns the failure's description, or nil on success.
    private nonisolated static func perform(_ body: JobTask, context: JobContext, recording run: JobRun, in store: any JobStore) async -> String? {
        async let recorded: Void = recordStart(run, in: store, logger: context.logger)
        var failure: String?
        do {
            try await body(context)
        } catch is CancellationError {
            failure = "cancelled"
        } catch {
            failure = String(describing: error)
        }
        await recorded
        return failure
    }

    private nonisolated static func recordStart(_ run: JobRun, in store: any JobStore, logger: Logger) async {
        do {
            try await store.recordRunStarted(run)
        } catch {
            logger.error("could not record run start", metadata: ["error": "\(error)"])
        }
    }

    func finishRun(_ run: JobRun, failure: String?) async {
        var finished = run
        finished.finishedAt = clock.now()
        finished.outcome = failure == nil ? .success : .failure
        finished.error = failure
        do {
            try await store.recordRunFinished(finished)
        } catch {
            logger.error("could not record run end", metadata: ["job_id": "\(run.jobId)", "error": "\(error)"])
        }
        await releaseLease(jobId: run.jobId, runKey: RunKey.of(run))
        if entries[run.jobId]?.active?.record?.id == run.id {
            entries[run.jobId]?.active = nil
            entries[run.jobId]?.lastRun = finished
        }
        if let failure {
            logger.warning("job run failed", metadata: ["job_id": "\(run.jobId)", "error": "\(failure)"])
        }
        emit(.runFinished(finished))
    }

    /// Records an occurrence that was not run; the lease makes one instance record it, not all.
    func recordSkip(_ definition: JobDefinition, dueAt: Date, reason: String) async {
        let runKey = RunKey.scheduled(dueAt)
        guard await acquire(jobId: definition.id, runKey: runKey) else { return }
        let now = clock.now()
        let run = JobRun(
            jobId: definition.id, dueAt: dueAt, startedAt: now, finishedAt: now,
            outcome: .skipped, error: reason, trigger: .schedule, instanceId: instanceId
        )
        do {
            try await store.recordRunStarted(run)
        } catch {
            logger.error("could not record skipped run", metadata: ["job_id": "\(definition.id)", "error": "\(error)"])
        }
        await releaseLease(jobId: definition.id, runKey: runKey)
        entries[definition.id]?.lastRun = run
        logger.warning("job occurrence skipped", metadata: ["job_id": "\(definition.id)", "reason": "\(reason)"])
        emit(.runSkipped(run))
    }

    /// A lease that cannot be asked counts as refused: better a missed run than a duplicate.
    /// Jobs of `configuration.everyInstance` do not ask.
    private func acquire(jobId: String, task: String? = nil, runKey: String) async -> Bool {
        if let task, configuration.everyInstance.contains(task) { return true }
        do {
            return try await lease.tryAcquire(jobId: jobId, runKey: runKey, instance: instanceId, ttl: configuration.leaseTTL)
        } catch {
            logger.error("lease unavailable; occurrence not run", metadata: ["job_id": "\(jobId)", "error": "\(error)"])
            return false
        }
    }

    private func releaseLease(jobId: String, runKey: String) async {
        if let task = entries[jobId]?.definition.task, configuration.everyInstance.contains(task) { return }
        do {
            try await lease.release(jobId: jobId, runKey: runKey, instance: instanceId)
        } catch {
            // The claim expires after its TTL anyway.
            logger.warning("could not release lease", metadata: ["job_id": "\(jobId)", "error": "\(error)"])
        }
    }

    static func seconds(_ interval: TimeInterval) -> String {
        String(format: "%.3f", interval)
    }
}
