import Foundation
import Scheduling
import SQLKit

/// The scheduler's `JobStore` in the database, shared by every instance.
struct DatabaseJobStore: JobStore {
    let storage: Storage

    func loadJobs() async throws -> [JobDefinition] {
        try await storage.sql().raw("SELECT definition_json FROM scheduler_jobs ORDER BY id").all().compactMap { row in
            try? JSONDecoder().decode(JobDefinition.self, from: Data(try row.decode(column: "definition_json", as: String.self).utf8))
        }
    }

    func saveJob(_ job: JobDefinition) async throws {
        let json = String(decoding: try JSONEncoder().encode(job), as: UTF8.self)
        try await storage.sql().insert(into: "scheduler_jobs").columns("id", "definition_json", "updated_at")
            .values(SQLBind(job.id), SQLBind(json), SQLBind(Date()))
            .onConflict(with: ["id"]) { $0.set(excludedValueOf: "definition_json").set(excludedValueOf: "updated_at") }
            .run()
    }

    func deleteJob(id: String) async throws {
        try await storage.sql().delete(from: "scheduler_jobs").where("id", .equal, SQLBind(id)).run()
    }

    func recordRunStarted(_ run: JobRun) async throws {
        try await storage.sql().insert(into: "scheduler_runs")
            .columns("id", "job_id", "due_at", "started_at", "finished_at", "outcome", "error", "trigger", "instance_id")
            .values(SQLBind(run.id), SQLBind(run.jobId), SQLBind(run.dueAt), SQLBind(run.startedAt), SQLBind(run.finishedAt),
                    SQLBind(run.outcome.rawValue), SQLBind(run.error), SQLBind(run.trigger.rawValue), SQLBind(run.instanceId))
            .run()
    }

    func recordRunFinished(_ run: JobRun) async throws {
        try await storage.sql().update("scheduler_runs")
            .set("finished_at", to: SQLBind(run.finishedAt)).set("outcome", to: SQLBind(run.outcome.rawValue))
            .set("error", to: SQLBind(run.error))
            .where("id", .equal, SQLBind(run.id)).run()
    }

    func recentRuns(jobId: String, limit: Int) async throws -> [JobRun] {
        try await storage.sql().select().column("*").from("scheduler_runs").where("job_id", .equal, SQLBind(jobId))
            .orderBy("started_at", .descending).limit(limit).all().map(Self.run)
    }

    func lastScheduledRun(jobId: String) async throws -> JobRun? {
        try await storage.sql().select().column("*").from("scheduler_runs").where("job_id", .equal, SQLBind(jobId))
            .where("trigger", .equal, SQLBind(JobRun.Cause.schedule.rawValue))
            .orderBy("due_at", .descending).limit(1).first().map(Self.run)
    }

    static func run(_ row: any SQLRow) throws -> JobRun {
        JobRun(id: try row.decode(column: "id", as: UUID.self), jobId: try row.decode(column: "job_id", as: String.self),
               dueAt: try row.decode(column: "due_at", as: Date.self), startedAt: try row.decode(column: "started_at", as: Date.self),
               finishedAt: try row.decode(column: "finished_at", as: Date?.self),
               outcome: JobRun.Outcome(rawValue: try row.decode(column: "outcome", as: String.self)) ?? .failure,
               error: try row.decode(column: "error", as: String?.self),
               trigger: JobRun.Cause(rawValue: try row.decode(column: "trigger", as: String.self)) ?? .schedule,
               instanceId: try row.decode(column: "instance_id", as: String.self))
    }
}

/// The scheduler's `JobLease` in the database: a row per claimed occurrence, unique on
/// `(job_id, run_key)`, so with several instances each occurrence runs on exactly one.
struct DatabaseJobLease: JobLease {
    let storage: Storage

    func tryAcquire(jobId: String, runKey: String, instance: String, ttl: TimeInterval) async throws -> Bool {
        let now = Date()
        return try await storage.database().transaction { database in
            let sql = database as! any SQLDatabase
            // Another instance still running this job (claim neither released nor expired)?
            let held = try await sql.raw("""
                SELECT COUNT(*) AS n FROM scheduler_leases WHERE job_id = \(bind: jobId) AND released = \(bind: false)
                AND expires_at > \(bind: now) AND instance_id <> \(bind: instance)
                """).first()?.decode(column: "n", as: Int64.self) ?? 0
            guard held == 0 else { return false }
            let inserted = try await sql.raw("""
                INSERT INTO scheduler_leases (job_id, run_key, instance_id, acquired_at, expires_at, released)
                VALUES (\(bind: jobId), \(bind: runKey), \(bind: instance), \(bind: now), \(bind: now.addingTimeInterval(ttl)), \(bind: false))
                ON CONFLICT (job_id, run_key) DO NOTHING RETURNING job_id
                """).all()
            return !inserted.isEmpty
        }
    }

    func release(jobId: String, runKey: String, instance: String) async throws {
        try await storage.sql().update("scheduler_leases").set("released", to: SQLBind(true))
            .where("job_id", .equal, SQLBind(jobId)).where("run_key", .equal, SQLBind(runKey))
            .where("instance_id", .equal, SQLBind(instance)).run()
    }
}
