import Foundation
import Hummingbird
import Logging
import Monitoring
import Realtime
import SQLKit

/// `/api/monitoring/*` (admin): health of every service, Redis and database details, host and
/// process metrics, logs and alerts.
struct MonitoringController {
    let board: MonitoringBoard
    let alerts: AlertStore
    let reports: HealthReportStore
    let push: PushPublisher
    let hub: Hub
    let bus: any MessageBus
    let storage: Storage
    let logs: LogStore
    let now: @Sendable () -> Date

    func register(in catalog: RouteCatalog) {
        catalog.add(RouteDoc(method: .get, path: "/api/monitoring/health/summary",
                             summary: "Every service: status up/degraded/down/not_configured, response_ms, uptime_s, checked_at",
                             tag: "monitoring", access: .admin)) { _, context, _ in
            _ = try context.requireAdmin()
            // Every instance's report, merged now (this instance's last view when the database is away).
            let fresh = try? await reports.all()
            let services = await board.deployment(with: fresh, at: now())
            let checkedAt = ([await board.checkedAt].compactMap { $0 } + (fresh ?? []).map(\.checkedAt)).max()
            let statuses = services.map(\.status)
            let status = statuses.contains(.down) ? "down" : (statuses.contains(.degraded) ? "degraded" : "up")
            return try JSONResponse.make(HealthSummaryDTO(status: checkedAt == nil ? "unknown" : status, checkedAt: checkedAt, services: services))
        }

        catalog.add(RouteDoc(method: .get, path: "/api/monitoring/redis/health", summary: "PING latency, memory, clients, pub/sub channels; not_configured when embedded",
                             tag: "monitoring", access: .admin)) { _, context, _ in
            _ = try context.requireAdmin()
            guard let redis = bus as? RedisBus else {
                return try JSONResponse.make(["status": "not_configured", "reason": "the embedded shape uses the in-process bus"])
            }
            let start = ContinuousClock.now
            do {
                _ = try await redis.commands.ping()
                let latency = ContinuousClock.now - start
                let info = try await redis.commands.info()
                let channels = try await redis.commands.command("PUBSUB", "NUMPAT")
                return try JSONResponse.make(RedisHealthDTO(
                    status: "up", pingMs: latency.milliseconds, usedMemory: info["memory"]?["used_memory_human"],
                    connectedClients: info["clients"]?["connected_clients"].flatMap(Int.init),
                    patternSubscriptions: channels.int, version: info["server"]?["redis_version"]))
            } catch {
                return try JSONResponse.make(["status": "down", "reason": "\(error)"])
            }
        }

        catalog.add(RouteDoc(method: .get, path: "/api/monitoring/db/health", summary: "Engine, connections, size, round-trip latency",
                             tag: "monitoring", access: .admin)) { _, context, _ in
            _ = try context.requireAdmin()
            let start = ContinuousClock.now
            do {
                try await storage.ping()
                let latency = ContinuousClock.now - start
                var connections: Int?
                var size: Int64?
                switch storage.location {
                case .sqlite(let path):
                    connections = 1
                    let attributes = try? FileManager.default.attributesOfItem(atPath: path)
                    let wal = try? FileManager.default.attributesOfItem(atPath: path + "-wal")
                    size = ((attributes?[.size] as? NSNumber)?.int64Value ?? 0) + ((wal?[.size] as? NSNumber)?.int64Value ?? 0)
                case .postgres:
                    let row = try await storage.sql().raw("""
                        SELECT (SELECT COUNT(*) FROM pg_stat_activity WHERE datname = current_database()) AS connections,
                               pg_database_size(current_database()) AS size
                        """).first()
                    connections = (try row?.decode(column: "connections", as: Int64.self)).map(Int.init)
                    size = try row?.decode(column: "size", as: Int64.self)
                }
                return try JSONResponse.make(DatabaseHealthDTO(status: "up", engine: storage.location.engine, latencyMs: latency.milliseconds,
                                                               connections: connections, sizeBytes: size))
            } catch {
                return try JSONResponse.make(["status": "down", "engine": storage.location.engine, "reason": "\(error)"])
            }
        }

        catalog.add(RouteDoc(method: .get, path: "/api/monitoring/websocket/stats", summary: "Same as /api/ws/stats", tag: "monitoring", access: .admin)) { _, context, _ in
            _ = try context.requireAdmin()
            return try JSONResponse.make(await hub.stats())
        }

        catalog.add(RouteDoc(method: .get, path: "/api/monitoring/metrics", summary: "CPU, memory, disk and network of the host; this process and every service process of the deployment (processes); recent series",
                             tag: "monitoring", access: .admin)) { _, context, _ in
            _ = try context.requireAdmin()
            let host = await board.host
            let hostSeries = await board.monitor.hostSeries.points(limit: 240).map(\.value)
            let processSeries = await board.monitor.processSeries.points(limit: 240).map(\.value)
            let processes = await board.processes(with: try? await reports.all(), at: now())
            return try JSONResponse.make(MetricsDTO(host: host?.host, process: host?.process, processes: processes,
                                                    hostSeries: Array(hostSeries), processSeries: Array(processSeries)))
        }

        catalog.add(RouteDoc(method: .get, path: "/api/monitoring/logs", summary: "Log records of every instance, newest first",
                             tag: "monitoring", access: .admin,
                             query: [.init("limit", "integer", required: false, "1-1000, default 100"), .init("service", required: false, "backend, trading or all"),
                                     .init("level", required: false, "this level or worse"), .init("q", required: false, "text to find"),
                                     .init("since", required: false, "RFC 3339"), .init("until", required: false, "RFC 3339")])) { request, context, _ in
            _ = try context.requireAdmin()
            var parameters: [String: String] = [:]
            for key in ["limit", "service", "level", "q", "since", "until"] {
                // Browsers' URLSearchParams send spaces as '+' (form encoding).
                if let value = request.uri.queryParameters.get(key) { parameters[key] = value.replacingOccurrences(of: "+", with: " ") }
            }
            let query: LogQuery
            do {
                query = try LogQuery.parse(parameters, knownServices: ["all", "backend", "trading"])
            } catch let error as LogQueryError {
                throw APIError.badRequest("invalid_query", error.description)
            }
            return try JSONResponse.make(try await logs.search(query))
        }

        catalog.add(RouteDoc(method: .get, path: "/api/monitoring/alerts", summary: "Open and recent alerts, and the rules", tag: "monitoring", access: .admin)) { _, context, _ in
            _ = try context.requireAdmin()
            return try JSONResponse.make(AlertsDTO(alerts: try await alerts.list(), rules: try await alerts.rules()))
        }

        catalog.add(RouteDoc(
            method: .post, path: "/api/monitoring/alerts",
            summary: "Create a rule {name, metric, op, threshold, for_seconds, severity} or raise an alert {message, level}",
            tag: "monitoring", access: .admin,
            body: [.init("name", required: false), .init("metric", required: false), .init("op", required: false, "> >= < <= =="),
                   .init("threshold", required: false), .init("for_seconds", required: false), .init("severity", required: false, "info, warning or critical"),
                   .init("message", required: false), .init("level", required: false, "info, warning or critical")],
            successStatus: 201
        )) { request, context, doc in
            let admin = try context.requireAdmin()
            let body = try await JSONBody.parse(request, allowed: doc.bodyFieldNames)
            if let message = try body.optionalString("message", maxLength: 500) {
                let levelText = try body.optionalString("level", maxLength: 16) ?? "warning"
                guard let level = AlertSeverity(rawValue: levelText) else { throw APIError.badRequest("invalid_level", "'level' must be info, warning or critical") }
                let text = message.trimmingCharacters(in: .whitespacesAndNewlines)
                guard !text.isEmpty else { throw APIError.badRequest("invalid_alert", AlertActionError.emptyMessage.description) }
                let at = now()
                let alert = Alert(id: UUID().uuidString.lowercased(), origin: .manual, instance: board.instance, name: "manual", severity: level,
                                  state: .firing, message: text, startedAt: at, firedAt: at)
                await push.announce(try await alerts.raise(alert, by: admin.email))
                return try JSONResponse.make(alert, status: .created)
            }
            let draft = AlertRuleDraft(name: try body.string("name", maxLength: 120), metric: try body.string("metric", maxLength: 120),
                                       op: try body.string("op", maxLength: 4), threshold: try body.number("threshold"),
                                       forSeconds: try body.optionalNumber("for_seconds"), severity: try body.optionalString("severity", maxLength: 16))
            let rule: AlertRule
            do {
                rule = try draft.rule(id: UUID().uuidString.lowercased(), registry: board.evaluator.registry)
            } catch let error as AlertRuleError {
                throw APIError.badRequest("invalid_rule", error.description)
            }
            // Every instance evaluates it from its next alert_check.
            try await alerts.add(rule, by: admin.email, at: now())
            return try JSONResponse.make(rule, status: .created)
        }

        for action in ["ack", "resolve"] {
            catalog.add(RouteDoc(method: .post, path: "/api/monitoring/alerts/{id}/\(action)", summary: action == "ack" ? "Acknowledge an alert" : "Resolve an alert",
                                 tag: "monitoring", access: .admin, errorStatuses: [404, 409])) { _, context, _ in
                let admin = try context.requireAdmin()
                let id = context.parameters.get("id") ?? ""
                do {
                    if action == "ack" {
                        let (alert, event) = try await alerts.acknowledge(id: id, by: admin.email, at: now())
                        if let event { await push.announce(event) }
                        return try JSONResponse.make(alert)
                    }
                    let event = try await alerts.resolve(id: id, by: admin.email, at: now())
                    await push.announce(event)
                    return try JSONResponse.make(event.alert)
                } catch let error as AlertActionError {
                    if case .alertNotFound = error { throw APIError.notFound("alert_not_found", error.description) }
                    throw APIError.conflict("alert_not_open", error.description)
                }
            }
        }
    }

    struct HealthSummaryDTO: Encodable { let status: String; let checkedAt: Date?; let services: [ProbeResult]
        enum CodingKeys: String, CodingKey { case status, checkedAt = "checked_at", services } }
    struct RedisHealthDTO: Encodable {
        let status: String; let pingMs: Int64; let usedMemory: String?; let connectedClients: Int?; let patternSubscriptions: Int?; let version: String?
        enum CodingKeys: String, CodingKey {
            case status, pingMs = "ping_ms", usedMemory = "used_memory", connectedClients = "connected_clients"
            case patternSubscriptions = "pattern_subscriptions", version
        }
    }
    struct DatabaseHealthDTO: Encodable {
        let status: String; let engine: String; let latencyMs: Int64; let connections: Int?; let sizeBytes: Int64?
        enum CodingKeys: String, CodingKey { case status, engine, latencyMs = "latency_ms", connections, sizeBytes = "size_bytes" }
    }
    struct MetricsDTO: Encodable {
        let host: HostSample?; let process: ProcessSample?
        /// Every service process of the deployment (each backend instance, the trading role), newest sample of each.
        let processes: [ProcessSample]
        let hostSeries: [HostSample]; let processSeries: [ProcessSample]
        enum CodingKeys: String, CodingKey { case host, process, processes, hostSeries = "host_series", processSeries = "process_series" }
    }
    struct AlertsDTO: Encodable { let alerts: [Alert]; let rules: [AlertRule] }
}
