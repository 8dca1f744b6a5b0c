@testable import BourseServer
import FluentKit
import Foundation
import Hummingbird
import HummingbirdTesting
import SQLKit
import Testing

@Suite("Scheduler endpoints and jobs")
struct SchedulerEndpointTests {
    static let defaultJobs: Set<String> = [
        "market_data_refresh", "market_analysis", "daily_report", "weekly_report",
        "system_health_check", "alert_check", "database_backup", "cleanup_old_data",
    ]

    @Test("the eight default jobs are listed; protected ones refuse pause and delete; bad input is 400/404")
    func jobsAndBadInput() async throws {
        try await TestApp.run { client, fixture in
            let admin = try await client.admin(fixture)
            let trader = try await client.trader("sched-trader@example.com")
            BadInputTests.expectContractShape(try await client.send(.get, "/api/scheduler/jobs", token: trader.access), 403, "admin_only")
            BadInputTests.expectContractShape(try await client.send(.get, "/api/scheduler/jobs"), 401, "unauthorized")
            #expect(try await eventually { try await client.send(.get, "/api/scheduler/jobs", token: admin).array.count == 8 })
            let jobs = try await client.send(.get, "/api/scheduler/jobs", token: admin)
            #expect(Set(jobs.array.compactMap { $0["id"] as? String }) == Self.defaultJobs)
            let refresh = try #require(jobs.array.first { $0["id"] as? String == "market_data_refresh" })
            #expect(refresh["protected"] as? Bool == true)
            #expect((refresh["trigger"] as? [String: Any])?["interval_seconds"] as? Int == 1)
            let daily = try #require(jobs.array.first { $0["id"] as? String == "daily_report" })
            #expect((daily["trigger"] as? [String: Any])?["cron"] as? String == "0 0 * * *")
            #expect(daily["next_run_at"] as? String != nil)

            BadInputTests.expectContractShape(try await client.send(.post, "/api/scheduler/jobs/alert_check/pause", token: admin), 409, "protected_job")
            BadInputTests.expectContractShape(try await client.send(.delete, "/api/scheduler/jobs/system_health_check", token: admin), 409, "protected_job")
            BadInputTests.expectContractShape(try await client.send(.post, "/api/scheduler/jobs/nope/run", token: admin), 404, "job_not_found")
            BadInputTests.expectContractShape(try await client.send(.get, "/api/scheduler/jobs/nope", token: admin), 404, "job_not_found")
            let badCron = try await client.send(.post, "/api/scheduler/jobs", json: ["id": "x1", "task": "cleanup_old_data", "cron": "0 24 * * *"], token: admin)
            BadInputTests.expectContractShape(badCron, 400, "invalid_cron")
            #expect(badCron.string("reason")?.contains("position") == true)
            BadInputTests.expectContractShape(try await client.send(.post, "/api/scheduler/jobs", json: ["id": "x2", "task": "cleanup_old_data", "interval_seconds": 0], token: admin), 400, "invalid_interval")
            BadInputTests.expectContractShape(try await client.send(.post, "/api/scheduler/jobs", json: ["id": "x3", "task": "mine_bitcoin", "interval_seconds": 60], token: admin), 400, "unknown_task")
            BadInputTests.expectContractShape(try await client.send(.post, "/api/scheduler/jobs", json: ["id": "x4", "task": "cleanup_old_data"], token: admin), 400, "missing_trigger")
            BadInputTests.expectContractShape(try await client.send(.post, "/api/scheduler/jobs", json: ["id": "Bad Id", "task": "cleanup_old_data", "interval_seconds": 60], token: admin), 400, "invalid_job_id")
            BadInputTests.expectContractShape(try await client.send(.post, "/api/scheduler/jobs", json: ["id": "daily_report", "task": "daily_report", "interval_seconds": 60], token: admin), 409, "job_exists")

            // A custom job: added, paused, resumed, run now (recorded as admin), removed.
            let added = try await client.send(.post, "/api/scheduler/jobs", json: ["id": "extra_cleanup", "task": "cleanup_old_data", "cron": "*/5 * * * *", "paused": true], token: admin)
            #expect(added.status == .created)
            #expect(added["paused"] as? Bool == true)
            #expect(try await client.send(.post, "/api/scheduler/jobs/extra_cleanup/resume", token: admin)["paused"] as? Bool == false)
            let run = try await client.send(.post, "/api/scheduler/jobs/extra_cleanup/run", token: admin)
            #expect(run.status == .accepted)
            #expect(run.string("trigger") == "admin")
            #expect(try await eventually {
                let detail = try await client.send(.get, "/api/scheduler/jobs/extra_cleanup", token: admin)
                return (detail["history"] as? [[String: Any]])?.contains { $0["outcome"] as? String == "success" && $0["trigger"] as? String == "admin" } == true
            })
            #expect(try await client.send(.delete, "/api/scheduler/jobs/extra_cleanup", token: admin).status == .noContent)
            let status = try await client.send(.get, "/api/scheduler/status", token: admin)
            #expect(status["running"] as? Bool == true)
            #expect(status["jobs"] as? Int == 8)
        }
    }

    @Test("the interval jobs really run: market data refresh persists candles, health and alert checks record runs")
    func intervalJobsRun() async throws {
        try await TestApp.run { client, fixture in
            let admin = try await client.admin(fixture)
            #expect(try await eventually {
                try await fixture.withStorage { storage in try await CandleModel.query(on: storage.database()).count() } > 0
            })
            for job in ["market_data_refresh", "system_health_check", "alert_check"] {
                #expect(try await eventually {
                    let detail = try await client.send(.get, "/api/scheduler/jobs/\(job)", token: admin)
                    return (detail["history"] as? [[String: Any]])?.contains { $0["outcome"] as? String == "success" } == true
                }, "\(job) did not run")
            }
        }
    }

    @Test("a daily report run now stores each user's report, readable only by them")
    func reports() async throws {
        try await TestApp.run { client, fixture in
            let admin = try await client.admin(fixture)
            let alice = try await client.trader("report-alice@example.com")
            let bob = try await client.trader("report-bob@example.com")
            #expect(try await eventually { try await client.send(.get, "/api/scheduler/jobs/daily_report", token: admin).status == .ok })
            #expect(try await client.send(.post, "/api/scheduler/jobs/daily_report/run", token: admin).status == .accepted)
            #expect(try await eventually { !(try await client.send(.get, "/api/reports", token: alice.access).array.isEmpty) })
            let mine = try await client.send(.get, "/api/reports", token: alice.access)
            let report = try #require(mine.array.first)
            #expect(report["kind"] as? String == "daily")
            #expect(((report["report"] as? [String: Any])?["equity"] as? String) == "100000.00")
            let id = try #require(report["id"] as? String)
            BadInputTests.expectContractShape(try await client.send(.get, "/api/reports/\(id)", token: bob.access), 404, "report_not_found")
            #expect(try await client.send(.get, "/api/reports/\(id)", token: alice.access).status == .ok)
            let platform = try await client.send(.get, "/api/reports", token: admin)
            #expect(platform.array.contains { $0["scope"] as? String == "platform" })
            BadInputTests.expectContractShape(try await client.send(.get, "/api/reports?kind=hourly", token: alice.access), 400, "invalid_query")
        }
    }

    @Test("a backup, restored into an empty database, gives the same rows")
    func backupAndRestore() async throws {
        guard TestDatabase.postgresURL == nil else { return try await backupAndRestorePostgres() }
        try await TestApp.run { client, fixture in
            let admin = try await client.admin(fixture)
            _ = try await client.trader("backup@example.com")
            #expect(try await eventually { try await client.send(.get, "/api/scheduler/jobs/database_backup", token: admin).status == .ok })
            #expect(try await client.send(.post, "/api/scheduler/jobs/database_backup/run", token: admin).status == .accepted)
            let folder = fixture.database.directory + "/backups"
            #expect(try await eventually { ((try? FileManager.default.contentsOfDirectory(atPath: folder)) ?? []).contains { $0.hasSuffix(".sqlite") } })
            let file = try #require(try FileManager.default.contentsOfDirectory(atPath: folder).first { $0.hasSuffix(".sqlite") })
            let target = fixture.database.directory + "/restored/bourse.sqlite"
            try FileManager.default.createDirectory(atPath: fixture.database.directory + "/restored", withIntermediateDirectories: true)
            try Backup.restore(file: folder + "/" + file, location: .sqlite(path: target))
            let original = try await fixture.withStorage { storage in try await Self.counts(storage) }
            let restoredStorage = try Storage(location: .sqlite(path: target), logger: .init(label: "test"))
            let restored: [String: Int64]
            do {
                restored = try await Self.counts(restoredStorage)
            } catch {
                await restoredStorage.shutdown()
                throw error
            }
            await restoredStorage.shutdown()
            #expect(restored["users"] == original["users"])
            #expect(restored["ledger_entries"] == original["ledger_entries"])
            #expect(restored["users"] == 2)
        }
    }

    /// With PostgreSQL the same through pg_dump and pg_restore.
    func backupAndRestorePostgres() async throws {
        try await TestApp.run { client, fixture in
            _ = try await client.trader("pg-backup@example.com")
            let storage = try Storage(location: fixture.database.location, logger: .init(label: "test"))
            let path = try await Backup.create(storage: storage, directory: fixture.database.directory + "/backups", at: Date())
            let original = try await Self.counts(storage)
            await storage.shutdown()
            let empty = try await TestDatabase.make()
            try Backup.restore(file: path, location: empty.location)
            let restoredStorage = try Storage(location: empty.location, logger: .init(label: "test"))
            let restored = try await Self.counts(restoredStorage)
            await restoredStorage.shutdown()
            await empty.destroy()
            #expect(restored["users"] == original["users"])
            #expect(restored["ledger_entries"] == original["ledger_entries"])
        }
    }

    static func counts(_ storage: Storage) async throws -> [String: Int64] {
        var result: [String: Int64] = [:]
        for table in ["users", "accounts", "ledger_entries", "orders"] {
            result[table] = try await storage.sql().raw("SELECT COUNT(*) AS n FROM \(unsafeRaw: table)").first()?.decode(column: "n", as: Int64.self)
        }
        return result
    }
}
