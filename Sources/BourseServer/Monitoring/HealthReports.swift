import Foundation
import Monitoring
import SQLKit

/// One instance's latest probe round, as it stored it.
struct HealthReport: Equatable, Sendable {
    var instance: String
    /// The instance's role (`backend`, `all`).
    var service: String
    var checkedAt: Date
    var probes: [ProbeResult]
    /// Its own process sample, and those of the trading processes it asked.
    var processes: [ProcessSample] = []
}

/// Every instance's latest probe round in the database (one row each, replaced at each
/// `system_health_check`), so that any instance can show the health of all of them, and an
/// instance that stopped reporting shows as down: the heartbeat of a push monitor.
struct HealthReportStore {
    let storage: Storage
    /// Reports older than this are deleted: an instance removed from the deployment leaves the
    /// summary a day after its last report.
    static let retention: TimeInterval = 86_400

    func write(_ report: HealthReport) async throws {
        let json = String(decoding: try JSONEncoder().encode(report.probes), as: UTF8.self)
        let processes = String(decoding: try JSONEncoder().encode(report.processes), as: UTF8.self)
        let sql = storage.sql()
        try await sql.raw("""
            INSERT INTO health_reports (instance, service, checked_at, probes_json, processes_json)
            VALUES (\(bind: report.instance), \(bind: report.service), \(bind: report.checkedAt), \(bind: json), \(bind: processes))
            ON CONFLICT (instance) DO UPDATE SET service = excluded.service, checked_at = excluded.checked_at,
                probes_json = excluded.probes_json, processes_json = excluded.processes_json
            """).run()
        try await sql.delete(from: "health_reports")
            .where("checked_at", .lessThan, SQLBind(report.checkedAt.addingTimeInterval(-Self.retention))).run()
    }

    func all() async throws -> [HealthReport] {
        try await storage.sql().select().column("*").from("health_reports").orderBy("instance").all().map { row in
            HealthReport(
                instance: try row.decode(column: "instance", as: String.self),
                service: try row.decode(column: "service", as: String.self),
                checkedAt: try row.decode(column: "checked_at", as: Date.self),
                probes: (try? JSONDecoder().decode([ProbeResult].self, from: Data(try row.decode(column: "probes_json", as: String.self).utf8))) ?? [],
                processes: (try? JSONDecoder().decode([ProcessSample].self, from: Data(try row.decode(column: "processes_json", as: String.self).utf8))) ?? [])
        }
    }
}

/// The deployment's health as one instance shows it: its own probe round, every other instance's
/// self-probe from its report (down when the report is older than `staleAfter`), and for the
/// shared services (database, Redis, trading) the newest verdict any instance has.
enum DeploymentHealth {
    static func merge(own: [ProbeResult], instance: String, reports: [HealthReport], now: Date, staleAfter: TimeInterval) -> [ProbeResult] {
        let selfProbe = { (report: HealthReport) in report.probes.first { $0.instance == report.instance } }
        var instances: [ProbeResult] = own.filter { $0.instance == instance }
        var shared: [ProbeResult] = own.filter { $0.instance != instance }
        for report in reports where report.instance != instance {
            let age = now.timeIntervalSince(report.checkedAt)
            guard age <= staleAfter else {
                instances.append(ProbeResult(
                    service: report.service, instance: report.instance, status: .down, responseMs: 0,
                    reason: "no health report for \(Int(age)) s", checkedAt: report.checkedAt))
                continue
            }
            if let probe = selfProbe(report) { instances.append(probe) }
            for probe in report.probes where probe.instance != report.instance {
                if let index = shared.firstIndex(where: { $0.service == probe.service && $0.instance == probe.instance }) {
                    if probe.checkedAt > shared[index].checkedAt { shared[index] = probe }
                } else {
                    shared.append(probe)
                }
            }
        }
        return instances.sorted { $0.instance < $1.instance } + shared
    }

    /// Every service process the fresh reports (and this instance) know of, the newest sample of each.
    static func processes(own: [ProcessSample], instance: String, reports: [HealthReport], now: Date, staleAfter: TimeInterval) -> [ProcessSample] {
        var newest: [String: ProcessSample] = [:]
        let fresh = reports.filter { $0.instance != instance && now.timeIntervalSince($0.checkedAt) <= staleAfter }
        for sample in own + fresh.flatMap(\.processes) {
            let key = sample.service + "@" + sample.instance
            if let known = newest[key], known.takenAt >= sample.takenAt { continue }
            newest[key] = sample
        }
        return newest.values.sorted { ($0.service, $0.instance) < ($1.service, $1.instance) }
    }
}
