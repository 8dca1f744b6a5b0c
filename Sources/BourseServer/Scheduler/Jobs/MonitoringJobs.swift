import Foundation
import Logging
import Monitoring
import Realtime
import Scheduling

/// `system_health_check` (30 s, protected): probes every part of this deployment (database,
/// Redis, the trading engine, this instance), samples host and process metrics, stores the round
/// as this instance's health report and merges the other instances' reports into the
/// deployment view.
struct SystemHealthCheckJob {
    let board: MonitoringBoard
    let reports: HealthReportStore
    let probes: [any HealthProbe]
    let runner: ProbeRunner
    /// The trading role's process sample, in the services shape (there it is another process).
    let remoteProcess: (@Sendable () async -> ProcessSample?)?
    let now: @Sendable () -> Date

    func run(_ context: JobContext) async throws {
        async let remote = remoteProcess?()
        let results = await runner.run(probes)
        let host = try? await board.monitor.sample()
        let own = [host?.process, await remote].compactMap { $0 }
        let at = now()
        var reported: [HealthReport] = []
        do {
            try await reports.write(HealthReport(instance: board.instance, service: "backend", checkedAt: at, probes: results, processes: own))
            reported = try await reports.all()
        } catch {
            // The database probe above says why; this round stays this instance's own view.
            context.logger.debug("health report not stored", metadata: ["error": "\(error)"])
        }
        await board.record(probes: results, own: own, reports: reported, host: host, at: at)
        let deployment = await board.deployment()
        let down = deployment.filter { $0.status == .down }
        if down.isEmpty {
            context.logger.info("health check: all services up")
        } else {
            context.logger.warning("health check: services down", metadata: [
                "down": "\(down.map(\.service).joined(separator: ","))",
                "down_instances": "\(down.map { "\($0.service)@\($0.instance)" }.joined(separator: ","))",
            ])
        }
    }
}

/// `alert_check` (10 s, protected): brings this instance's evaluator in line with the shared
/// store (rules added through any instance, alerts acknowledged or resolved through any
/// instance, its own alerts from before a restart), evaluates the rules on this instance's
/// metrics, stores the transitions and pushes them to every admin. With the database away the
/// rules it has keep being evaluated and pushed; the transitions are stored when it returns.
struct AlertCheckJob {
    /// Open alerts of an instance silent this long are ended by whichever instance checks next.
    static let abandonedAfter: TimeInterval = 300

    let board: MonitoringBoard
    let store: AlertStore
    let hub: Hub?
    let push: PushPublisher
    let now: @Sendable () -> Date

    func run(_ context: JobContext) async throws {
        var events: [AlertEvent] = []
        var stored = true
        let unsaved = await board.takeUnsaved()
        do {
            try await store.record(unsaved)
        } catch {
            stored = false
            await board.keepUnsaved(unsaved)
        }
        if stored {
            do { events += try await synchronise() } catch { stored = false }
        }
        if !stored { context.logger.debug("alert store unavailable; evaluating the rules this instance has") }

        var extra: [String: Double] = [:]
        if let hub {
            let stats = await hub.stats()
            extra["ws_connections"] = Double(stats.connections)
            extra["ws_dropped_total"] = Double(stats.dropped)
        }
        let transitions = await board.evaluator.evaluate(await board.metricSnapshot(extra: extra))
        if stored {
            do { try await store.record(transitions) } catch { await board.keepUnsaved(transitions) }
        } else {
            await board.keepUnsaved(transitions)
        }
        events += transitions
        for event in events { await push.announce(event) }
        if !events.isEmpty { context.logger.notice("alert transitions", metadata: ["count": "\(events.count)"]) }
    }

    /// Applies what other instances and admins changed; returns the transitions that produced
    /// (already stored, to push).
    private func synchronise() async throws -> [AlertEvent] {
        let evaluator = board.evaluator
        var events = await evaluator.replaceRules(try await store.rules()).events
        try await store.record(events)
        let mine = try await store.open(instance: board.instance)
        await evaluator.restore(mine)
        for local in await evaluator.alerts(includeResolved: false) where local.origin == .rule {
            if let row = mine.first(where: { $0.id == local.id }) {
                if let by = row.acknowledgedBy, local.acknowledgedBy == nil { _ = try? await evaluator.acknowledge(id: local.id, by: by) }
            } else if let row = try await store.alert(id: local.id), row.state == .resolved {
                // Resolved by hand through some instance: the rule stays quiet until it clears.
                _ = try? await evaluator.resolve(id: local.id, by: row.resolvedBy ?? "")
            }
        }
        let at = now()
        for alert in try await store.abandoned(except: board.instance, since: at.addingTimeInterval(-Self.abandonedAfter)) {
            events.append(try await store.resolve(id: alert.id, by: nil, at: at))
        }
        return events
    }
}
