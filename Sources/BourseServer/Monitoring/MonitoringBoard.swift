import Foundation
import Monitoring

/// What this instance's monitoring jobs know now: its last probe round and process samples, the
/// other instances' reports as last read, its host sample and its alert evaluator. Read by
/// the monitoring endpoints; written by `system_health_check` and `alert_check`.
actor MonitoringBoard {
    /// A report older than three health-check intervals (30 s each) means its instance stopped.
    static let staleAfter: TimeInterval = 90
    /// Alert transitions kept while the database is away, at most this many (oldest dropped).
    static let unsavedCapacity = 1_000

    let instance: String
    private(set) var probes: [ProbeResult] = []
    /// The process samples this instance took or asked for at its last check.
    private(set) var ownProcesses: [ProcessSample] = []
    /// Every instance's report as read at the last check (empty while the database is away).
    private var reports: [HealthReport] = []
    private(set) var checkedAt: Date?
    private(set) var host: SystemMetricsMonitor.Snapshot?
    private var unsaved: [AlertEvent] = []
    let evaluator: AlertEvaluator
    let monitor: SystemMetricsMonitor

    init(instance: String, monitor: SystemMetricsMonitor, evaluator: AlertEvaluator) {
        self.instance = instance
        self.monitor = monitor
        self.evaluator = evaluator
    }

    func record(probes: [ProbeResult], own: [ProcessSample], reports: [HealthReport], host: SystemMetricsMonitor.Snapshot?, at date: Date) {
        self.probes = probes
        ownProcesses = own
        self.reports = reports
        self.host = host
        checkedAt = date
    }

    /// The deployment's health: this instance's last round merged with `fresh` reports (read
    /// now by an endpoint), or with those read at the last check.
    func deployment(with fresh: [HealthReport]? = nil, at now: Date? = nil) -> [ProbeResult] {
        guard let at = now ?? checkedAt else { return probes }
        return DeploymentHealth.merge(own: probes, instance: instance, reports: fresh ?? reports, now: at, staleAfter: Self.staleAfter)
    }

    /// Every service process of the deployment, the newest sample of each (same sources).
    func processes(with fresh: [HealthReport]? = nil, at now: Date? = nil) -> [ProcessSample] {
        guard let at = now ?? checkedAt else { return ownProcesses }
        return DeploymentHealth.processes(own: ownProcesses, instance: instance, reports: fresh ?? reports, now: at, staleAfter: Self.staleAfter)
    }

    /// The metrics alert rules see: the deployment's health as this instance knows it (another
    /// instance gone silent counts as a service down), this host and process, push statistics.
    func metricSnapshot(extra: [String: Double]) -> [String: Double] {
        var values = extra
        if let checkedAt { values.merge(HealthSummary(results: deployment(), checkedAt: checkedAt).metricValues) { $1 } }
        if let host { values.merge(host.metricValues) { $1 } }
        return values
    }

    /// Transitions the database did not take, to write first at the next check.
    func takeUnsaved() -> [AlertEvent] {
        defer { unsaved = [] }
        return unsaved
    }

    func keepUnsaved(_ events: [AlertEvent]) {
        unsaved = Array((events + unsaved).suffix(Self.unsavedCapacity))
    }
}
