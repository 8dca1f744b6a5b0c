import Foundation
import Monitoring
import Realtime
import Scheduling

/// What the monitoring jobs know now: the last probe round and the alert evaluator. Read by
/// the monitoring endpoints; written by `system_health_check` and `alert_check`.
actor MonitoringBoard {
    private(set) var probes: [ProbeResult] = []
    private(set) var checkedAt: Date?
    private(set) var host: SystemMetricsMonitor.Snapshot?
    let evaluator: AlertEvaluator
    let monitor: SystemMetricsMonitor

    init(monitor: SystemMetricsMonitor, evaluator: AlertEvaluator) {
        self.monitor = monitor
        self.evaluator = evaluator
    }

    /// The last probe round and host sample.
    func snapshot() -> (probes: [ProbeResult], checkedAt: Date?, host: SystemMetricsMonitor.Snapshot?) { (probes, checkedAt, host) }

    func record(probes: [ProbeResult], host: SystemMetricsMonitor.Snapshot?, at date: Date) {
        self.probes = probes
        self.host = host
        checkedAt = date
    }

    /// The metrics alert rules see: health, host and process figures, and push statistics.
    func metricSnapshot(extra: [String: Double]) -> [String: Double] {
        var values = extra
        if let checkedAt { values.merge(HealthSummary(results: probes, checkedAt: checkedAt).metricValues) { $1 } }
        if let host { values.merge(host.metricValues) { $1 } }
        return values
    }
}

/// `system_health_check` (30 s, protected): probes every part of this deployment (database,
/// Redis, the trading engine, the push hub) and samples host and process metrics.
struct SystemHealthCheckJob {
    let board: MonitoringBoard
    let probes: [any HealthProbe]
    let runner: ProbeRunner
    let now: @Sendable () -> Date

    func run(_ context: JobContext) async throws {
        let results = await runner.run(probes)
        let host = try? await board.monitor.sample()
        await board.record(probes: results, host: host, at: now())
        let down = results.filter { $0.status == .down }.map(\.service)
        if down.isEmpty {
            context.logger.info("health check: all services up")
        } else {
            context.logger.warning("health check: services down", metadata: ["down": "\(down.joined(separator: ","))"])
        }
    }
}

/// `alert_check` (10 s, protected): evaluates the alert rules on the latest metrics and
/// announces every transition on the admin channel.
struct AlertCheckJob {
    let board: MonitoringBoard
    let hub: Hub?
    let push: PushPublisher

    func run(_ context: JobContext) async throws {
        var extra: [String: Double] = [:]
        if let hub {
            let stats = await hub.stats()
            extra["ws_connections"] = Double(stats.connections)
            extra["ws_dropped_total"] = Double(stats.dropped)
        }
        let snapshot = await board.metricSnapshot(extra: extra)
        let events = await board.evaluator.evaluate(snapshot)
        for event in events {
            let payload = try JSONResponse.encoder.encode(BusEnvelope(type: "alert", data: event))
            try? await push.toAdmins(Array(payload), channels: ["admin", "alerts"])
        }
        if !events.isEmpty { context.logger.notice("alert transitions", metadata: ["count": "\(events.count)"]) }
    }
}
