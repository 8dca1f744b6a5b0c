import FluentKit
import SQLKit

struct CreateAuditLog: AsyncMigration {
    func prepare(on database: any Database) async throws {
        try await database.schema(AuditRecordModel.schema)
            .field("id", .int64, .identifier(auto: true))
            .field("actor_id", .uuid)
            .field("actor_email", .string)
            .field("area", .string, .required)
            .field("action", .string, .required)
            .field("target", .string, .required)
            .field("before_json", .string)
            .field("after_json", .string)
            .field("created_at", .datetime, .required)
            .create()
        if let sql = database as? any SQLDatabase {
            try await sql.create(index: "audit_log_area_idx").on(AuditRecordModel.schema).column("area").column("id").run()
        }
    }

    func revert(on database: any Database) async throws {
        try await database.schema(AuditRecordModel.schema).delete()
    }
}
