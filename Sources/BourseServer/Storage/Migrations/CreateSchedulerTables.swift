import FluentKit
import SQLKit

/// The scheduler's job definitions, run history and per-occurrence leases, plus the reports
/// and signals its jobs produce.
struct CreateSchedulerTables: AsyncMigration {
    func prepare(on database: any Database) async throws {
        try await database.schema("scheduler_jobs")
            .field("id", .string, .identifier(auto: false))
            .field("definition_json", .string, .required)
            .field("updated_at", .datetime, .required)
            .create()
        try await database.schema("scheduler_runs")
            .field("id", .uuid, .identifier(auto: false))
            .field("job_id", .string, .required)
            .field("due_at", .datetime, .required)
            .field("started_at", .datetime, .required)
            .field("finished_at", .datetime)
            .field("outcome", .string, .required)
            .field("error", .string)
            .field("trigger", .string, .required)
            .field("instance_id", .string, .required)
            .create()
        try await database.schema("scheduler_leases")
            .field("job_id", .string, .required)
            .field("run_key", .string, .required)
            .field("instance_id", .string, .required)
            .field("acquired_at", .datetime, .required)
            .field("expires_at", .datetime, .required)
            .field("released", .bool, .required)
            .unique(on: "job_id", "run_key")
            .create()
        try await database.schema("reports")
            .field("id", .int64, .identifier(auto: true))
            .field("kind", .string, .required)
            .field("scope", .string, .required)
            .field("user_id", .uuid)
            .field("period_start", .datetime, .required)
            .field("period_end", .datetime, .required)
            .field("body_json", .string, .required)
            .field("created_at", .datetime, .required)
            .unique(on: "kind", "scope", "period_start")
            .create()
        try await database.schema("signals")
            .field("id", .int64, .identifier(auto: true))
            .field("symbol", .string, .required)
            .field("interval", .string, .required)
            .field("candle_start", .int64, .required)
            .field("action", .string, .required)
            .field("strength", .double, .required)
            .field("reason", .string, .required)
            .field("indicators_json", .string, .required)
            .field("created_at", .datetime, .required)
            .unique(on: "symbol", "interval", "candle_start")
            .create()
        if let sql = database as? any SQLDatabase {
            try await sql.create(index: "scheduler_runs_job_idx").on("scheduler_runs").column("job_id").column("started_at").run()
            try await sql.create(index: "reports_user_idx").on("reports").column("user_id").column("id").run()
            try await sql.create(index: "signals_symbol_idx").on("signals").column("symbol").column("id").run()
        }
    }

    func revert(on database: any Database) async throws {
        for table in ["signals", "reports", "scheduler_leases", "scheduler_runs", "scheduler_jobs"] { try await database.schema(table).delete() }
    }
}
