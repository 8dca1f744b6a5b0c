import Foundation
import Monitoring
import SQLKit

/// Alert rules, alerts and their history in the database, shared by every backend instance.
///
/// Each instance evaluates the rules on its own metrics (`AlertEvaluator`, one per instance) and
/// writes the transitions here; an admin acknowledges, resolves or raises through any instance,
/// and the instance that owns an alert picks the change up before its next evaluation
/// (`AlertCheckJob`). Writes by the evaluator never reopen an alert someone resolved.
struct AlertStore {
    let storage: Storage

    // MARK: Rules

    static func insert(_ rule: AlertRule, position: Int64, by user: String?, on sql: any SQLDatabase) async throws {
        try await sql.insert(into: "alert_rules")
            .columns("id", "name", "metric", "op", "threshold", "for_seconds", "severity", "position", "created_by")
            .values(SQLBind(rule.id), SQLBind(rule.name), SQLBind(rule.metric), SQLBind(rule.op.rawValue), SQLBind(rule.threshold),
                    SQLBind(rule.forSeconds), SQLBind(rule.severity.rawValue), SQLBind(position), SQLBind(user))
            .run()
    }

    /// The rules in force, in the order they were created.
    func rules() async throws -> [AlertRule] {
        try await storage.sql().select().column("*").from("alert_rules").orderBy("position").all().map { row in
            AlertRule(
                id: try row.decode(column: "id", as: String.self), name: try row.decode(column: "name", as: String.self),
                metric: try row.decode(column: "metric", as: String.self),
                op: ComparisonOperator(rawValue: try row.decode(column: "op", as: String.self)) ?? .greaterThan,
                threshold: try row.decode(column: "threshold", as: Double.self),
                forSeconds: try row.decode(column: "for_seconds", as: Double.self),
                severity: AlertSeverity(rawValue: try row.decode(column: "severity", as: String.self)) ?? .warning)
        }
    }

    /// Stores a validated rule after the existing ones; every instance evaluates it from its next check.
    func add(_ rule: AlertRule, by user: String, at now: Date) async throws {
        // Creation time in microseconds orders rules without a read-then-write race between instances.
        try await Self.insert(rule, position: Int64(now.timeIntervalSince1970 * 1_000_000), by: user, on: storage.sql())
    }

    // MARK: Alerts

    /// Open alerts (firing first, then pending, newest first), then up to `resolvedLimit` recently
    /// resolved ones, newest first. A pending alert that cleared never notified anyone and is not listed.
    func list(resolvedLimit: Int = 200) async throws -> [Alert] {
        let open = try await storage.sql().select().column("*").from("alerts")
            .where("state", .notEqual, SQLBind(AlertState.resolved.rawValue))
            .orderBy("started_at", .descending).all().map(Self.alert(from:))
        let resolved = try await storage.sql().select().column("*").from("alerts")
            .where("state", .equal, SQLBind(AlertState.resolved.rawValue))
            .where("fired_at", .isNot, SQLLiteral.null)
            .orderBy("resolved_at", .descending).limit(resolvedLimit).all().map(Self.alert(from:))
        return open.filter { $0.state == .firing } + open.filter { $0.state != .firing } + resolved
    }

    func alert(id: String) async throws -> Alert? {
        try await storage.sql().select().column("*").from("alerts").where("id", .equal, SQLBind(id)).first().map(Self.alert(from:))
    }

    /// Rule alerts `instance` opened that are still open here.
    func open(instance: String) async throws -> [Alert] {
        try await storage.sql().select().column("*").from("alerts")
            .where("instance", .equal, SQLBind(instance))
            .where("origin", .equal, SQLBind(Alert.Origin.rule.rawValue))
            .where("state", .notEqual, SQLBind(AlertState.resolved.rawValue))
            .all().map(Self.alert(from:))
    }

    /// Open rule alerts of instances other than `instance` that have sent no health report
    /// since `since` (an instance that stopped: nothing else would ever end its alerts). An
    /// instance with no report at all (starting, or gone for longer than reports are kept) is
    /// judged by its alert's age instead.
    func abandoned(except instance: String, since: Date) async throws -> [Alert] {
        try await storage.sql().select().column("*").from("alerts")
            .where("origin", .equal, SQLBind(Alert.Origin.rule.rawValue))
            .where("state", .notEqual, SQLBind(AlertState.resolved.rawValue))
            .where("instance", .notEqual, SQLBind(instance))
            .where(SQLRaw("instance NOT IN (SELECT instance FROM health_reports WHERE checked_at >= "), SQLBind(since), SQLRaw(")"))
            .where { group in
                group.where(SQLRaw("instance IN (SELECT instance FROM health_reports)"))
                    .orWhere("started_at", .lessThan, SQLBind(since))
            }
            .all().map(Self.alert(from:))
    }

    /// Writes the evaluator's transitions, each with its history record. An alert that is already
    /// resolved here (by hand, through another instance) is left resolved.
    func record(_ events: [AlertEvent]) async throws {
        guard !events.isEmpty else { return }
        try await storage.database().transaction { database in
            let sql = database as! any SQLDatabase
            for event in events {
                let a = event.alert
                try await sql.raw("""
                    INSERT INTO alerts (id, origin, rule_id, instance, name, severity, state, message, metric, value, threshold,
                                        started_at, fired_at, resolved_at, resolved_by, acknowledged_by, acknowledged_at)
                    VALUES (\(bind: a.id), \(bind: a.origin.rawValue), \(bind: a.ruleID), \(bind: a.instance), \(bind: a.name),
                            \(bind: a.severity.rawValue), \(bind: a.state.rawValue), \(bind: a.message), \(bind: a.metric), \(bind: a.value),
                            \(bind: a.threshold), \(bind: a.startedAt), \(bind: a.firedAt), \(bind: a.resolvedAt), \(bind: a.resolvedBy),
                            \(bind: a.acknowledgedBy), \(bind: a.acknowledgedAt))
                    ON CONFLICT (id) DO UPDATE SET state = excluded.state, message = excluded.message, value = excluded.value,
                        fired_at = excluded.fired_at, resolved_at = excluded.resolved_at, resolved_by = excluded.resolved_by
                    WHERE alerts.state <> 'resolved'
                    """).run()
                try await Self.append(event, on: sql)
            }
        }
    }

    /// Acknowledges an open alert; acknowledging twice keeps the first acknowledgement (and records nothing).
    func acknowledge(id: String, by user: String, at now: Date) async throws -> (alert: Alert, event: AlertEvent?) {
        let alert = try await requireOpen(id)
        guard alert.acknowledgedBy == nil else { return (alert, nil) }
        var acknowledged = alert
        acknowledged.acknowledgedBy = user
        acknowledged.acknowledgedAt = now
        let event = AlertEvent(kind: .acknowledged, alert: acknowledged, at: now, by: user)
        try await storage.database().transaction { database in
            let sql = database as! any SQLDatabase
            try await sql.update("alerts").set("acknowledged_by", to: SQLBind(user)).set("acknowledged_at", to: SQLBind(now))
                .where("id", .equal, SQLBind(id)).where("acknowledged_by", .is, SQLLiteral.null).run()
            try await Self.append(event, on: sql)
        }
        return (acknowledged, event)
    }

    /// Ends an open alert by hand. The instance that owns a rule's alert keeps the rule quiet
    /// until its condition clears (it sees the resolution at its next check).
    func resolve(id: String, by user: String?, at now: Date) async throws -> AlertEvent {
        let alert = try await requireOpen(id)
        var ended = alert
        ended.state = .resolved
        ended.resolvedAt = now
        ended.resolvedBy = user
        let event = AlertEvent(kind: alert.state == .firing ? .resolved : .cleared, alert: ended, at: now, by: user)
        try await storage.database().transaction { database in
            let sql = database as! any SQLDatabase
            try await sql.update("alerts").set("state", to: SQLBind(AlertState.resolved.rawValue)).set("resolved_at", to: SQLBind(now))
                .set("resolved_by", to: SQLBind(user))
                .where("id", .equal, SQLBind(id)).where("state", .notEqual, SQLBind(AlertState.resolved.rawValue)).run()
            try await Self.append(event, on: sql)
        }
        return event
    }

    /// Stores an alert raised by hand (already firing).
    func raise(_ alert: Alert, by user: String) async throws -> AlertEvent {
        let event = AlertEvent(kind: .firing, alert: alert, at: alert.startedAt, by: user)
        try await record([event])
        return event
    }

    /// Every change, newest first.
    func history(limit: Int) async throws -> [AlertEvent] {
        try await storage.sql().select().column("alert_json").column("kind").column("at").column("by").from("alert_events")
            .orderBy("id", .descending).limit(limit).all().map { row in
                AlertEvent(kind: AlertEvent.Kind(rawValue: try row.decode(column: "kind", as: String.self)) ?? .firing,
                           alert: try JSONDecoder().decode(Alert.self, from: Data(try row.decode(column: "alert_json", as: String.self).utf8)),
                           at: try row.decode(column: "at", as: Date.self), by: try row.decode(column: "by", as: String?.self))
            }
    }

    // MARK: Helpers

    private func requireOpen(_ id: String) async throws -> Alert {
        guard let alert = try await alert(id: id) else { throw AlertActionError.alertNotFound(id) }
        guard alert.state != .resolved else { throw AlertActionError.alreadyResolved(id) }
        return alert
    }

    private static func append(_ event: AlertEvent, on sql: any SQLDatabase) async throws {
        let json = String(decoding: try JSONEncoder().encode(event.alert), as: UTF8.self)
        try await sql.insert(into: "alert_events").columns("alert_id", "kind", "at", "by", "alert_json")
            .values(SQLBind(event.alert.id), SQLBind(event.kind.rawValue), SQLBind(event.at), SQLBind(event.by), SQLBind(json))
            .run()
    }

    static func alert(from row: any SQLRow) throws -> Alert {
        Alert(
            id: try row.decode(column: "id", as: String.self),
            origin: Alert.Origin(rawValue: try row.decode(column: "origin", as: String.self)) ?? .rule,
            ruleID: try row.decode(column: "rule_id", as: String?.self),
            instance: try row.decode(column: "instance", as: String?.self),
            name: try row.decode(column: "name", as: String.self),
            severity: AlertSeverity(rawValue: try row.decode(column: "severity", as: String.self)) ?? .warning,
            state: AlertState(rawValue: try row.decode(column: "state", as: String.self)) ?? .firing,
            message: try row.decode(column: "message", as: String.self),
            metric: try row.decode(column: "metric", as: String?.self),
            value: try row.decode(column: "value", as: Double?.self),
            threshold: try row.decode(column: "threshold", as: Double?.self),
            startedAt: try row.decode(column: "started_at", as: Date.self),
            firedAt: try row.decode(column: "fired_at", as: Date?.self),
            resolvedAt: try row.decode(column: "resolved_at", as: Date?.self),
            resolvedBy: try row.decode(column: "resolved_by", as: String?.self),
            acknowledgedBy: try row.decode(column: "acknowledged_by", as: String?.self),
            acknowledgedAt: try row.decode(column: "acknowledged_at", as: Date?.self))
    }
}

extension PushPublisher {
    /// An alert's change on every admin's admin and alerts channels (API.md: system alerts go to both).
    func announce(_ event: AlertEvent) async {
        guard let payload = try? JSONResponse.encoder.encode(BusEnvelope(type: "alert", data: event)) else { return }
        try? await toAdmins(Array(payload), channels: ["admin", "alerts"])
    }
}
