import FluentKit
import Monitoring
import SQLKit

/// Alert rules, alerts and their history, and each instance's latest health report: the
/// monitoring state every backend instance shares (before this, it lived in the memory of the
/// instance that ran the check). The default rules are written once, here, so that an admin's
/// later changes to them are what every instance sees.
struct CreateMonitoringTables: AsyncMigration {
    func prepare(on database: any Database) async throws {
        try await database.schema("alert_rules")
            .field("id", .string, .identifier(auto: false))
            .field("name", .string, .required)
            .field("metric", .string, .required)
            .field("op", .string, .required)
            .field("threshold", .double, .required)
            .field("for_seconds", .double, .required)
            .field("severity", .string, .required)
            .field("position", .int64, .required)
            .field("created_by", .string)
            .create()
        try await database.schema("alerts")
            .field("id", .string, .identifier(auto: false))
            .field("origin", .string, .required)
            .field("rule_id", .string)
            .field("instance", .string)
            .field("name", .string, .required)
            .field("severity", .string, .required)
            .field("state", .string, .required)
            .field("message", .string, .required)
            .field("metric", .string)
            .field("value", .double)
            .field("threshold", .double)
            .field("started_at", .datetime, .required)
            .field("fired_at", .datetime)
            .field("resolved_at", .datetime)
            .field("resolved_by", .string)
            .field("acknowledged_by", .string)
            .field("acknowledged_at", .datetime)
            .create()
        try await database.schema("alert_events")
            .field("id", .int64, .identifier(auto: true))
            .field("alert_id", .string, .required)
            .field("kind", .string, .required)
            .field("at", .datetime, .required)
            .field("by", .string)
            .field("alert_json", .string, .required)
            .create()
        try await database.schema("health_reports")
            .field("instance", .string, .identifier(auto: false))
            .field("service", .string, .required)
            .field("checked_at", .datetime, .required)
            .field("probes_json", .string, .required)
            .field("processes_json", .string, .required)
            .create()
        guard let sql = database as? any SQLDatabase else { return }
        try await sql.create(index: "alerts_state_idx").on("alerts").column("state").column("started_at").run()
        try await sql.create(index: "alert_events_alert_idx").on("alert_events").column("alert_id").column("id").run()
        for (position, rule) in DefaultAlertRules.all.enumerated() {
            try await AlertStore.insert(rule, position: Int64(position), by: nil, on: sql)
        }
    }

    func revert(on database: any Database) async throws {
        for table in ["health_reports", "alert_events", "alerts", "alert_rules"] {
            try await database.schema(table).delete()
        }
    }
}
