import FluentKit
import SQLKit

/// Structured log records of every instance, for search (`/api/monitoring/logs`).
struct CreateLogRecords: AsyncMigration {
    func prepare(on database: any Database) async throws {
        try await database.schema("log_records")
            .field("id", .int64, .identifier(auto: true))
            .field("at", .datetime, .required)
            .field("level", .string, .required)
            .field("severity", .int, .required)
            .field("service", .string, .required)
            .field("instance", .string, .required)
            .field("label", .string, .required)
            .field("message", .string, .required)
            .field("metadata_json", .string, .required)
            .field("source", .string, .required)
            .create()
        if let sql = database as? any SQLDatabase {
            try await sql.create(index: "log_records_at_idx").on("log_records").column("at").run()
        }
    }

    func revert(on database: any Database) async throws {
        try await database.schema("log_records").delete()
    }
}
