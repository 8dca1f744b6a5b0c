import Foundation
import Scheduling
import SQLKit

/// `cleanup_old_data` (02:00): deletes fine-grained data past its retention, in batches so no
/// single statement holds the database for long.
struct CleanupJob {
    let storage: Storage
    let now: @Sendable () -> Date

    /// What is deleted, and after how long.
    struct Rule {
        let table: String
        let idColumn: String
        let column: String
        let days: Double
        let filter: String
    }

    static let rules: [Rule] = [
        Rule(table: "candles", idColumn: "id", column: "start_time", days: 2, filter: "interval = '1s'"),
        Rule(table: "candles", idColumn: "id", column: "start_time", days: 90, filter: "interval = '1m'"),
        Rule(table: "scheduler_runs", idColumn: "id", column: "started_at", days: 30, filter: ""),
        Rule(table: "equity_snapshots", idColumn: "id", column: "taken_at", days: 365, filter: ""),
        Rule(table: "signals", idColumn: "id", column: "created_at", days: 30, filter: ""),
    ]
    static let batchSize = 5_000

    func run(_ context: JobContext) async throws {
        var total = 0
        for rule in Self.rules {
            let cutoff = now().addingTimeInterval(-rule.days * 86_400)
            let bound: any SQLExpression = rule.column == "start_time" ? SQLBind(Int64(cutoff.timeIntervalSince1970)) : SQLBind(cutoff)
            let extra = rule.filter.isEmpty ? "" : " AND \(rule.filter)"
            while true {
                let deleted = try await storage.sql().raw("""
                    DELETE FROM \(unsafeRaw: rule.table) WHERE \(unsafeRaw: rule.idColumn) IN (
                      SELECT \(unsafeRaw: rule.idColumn) FROM \(unsafeRaw: rule.table) WHERE \(unsafeRaw: rule.column) < \(bound)\(unsafeRaw: extra) LIMIT \(unsafeRaw: String(Self.batchSize)))
                    RETURNING 1 AS gone
                    """).all().count
                total += deleted
                if deleted < Self.batchSize { break }
                await Task.yield()
            }
        }
        // Lease rows are one per occurrence; a day of them is a few thousand small rows.
        try await storage.sql().raw("DELETE FROM scheduler_leases WHERE acquired_at < \(bind: now().addingTimeInterval(-86_400))").run()
        context.logger.info("old data cleaned up", metadata: ["rows_deleted": "\(total)"])
    }
}
