import Foundation
import Monitoring

/// What this instance's monitoring jobs know now: its last probe round, the deployment's health
/// merged with the other instances' reports, its host sample and its alert evaluator. Read by
/// the monitoring endpoints; written by `system_health_check` and `alert_check`.
actor MonitoringBoard {
    /// A report older than three health-check intervals (30 s each) means its instance stopped.
    static let staleAfter: TimeInterval = 90
    /// Alert transitions kept while the database is away, at most this many (oldest dropped).
    static let unsavedCapacity = 1_000

    let instance: String
    private(set) var probes: [ProbeResult] = []
    private(set) var deployment: [ProbeResult] = []
    /// Every service process of the deployment, the newest sample of each.
    private(set) var processes: [ProcessSample] = []
    /// The process samples this instance took or asked for at its last check.
    private(set) var ownProcesses: [ProcessSample] = []
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

    /// This instance's last probe round, the deployment view built with it, and the host sample.
    func snapshot() -> (probes: [ProbeResult], deployment: [ProbeResult], checkedAt: Date?, host: SystemMetricsMonitor.Snapshot?) {
        (probes, deployment, checkedAt, host)
    }

    func record(probes: [ProbeResult], deployment: [ProbeResult], own: [ProcessSample], processes: [ProcessSample], host: SystemMetricsMonitor.Snapshot?, at date: Date) {
        self.probes = probes
        self.deployment = deployment
        self.processes = processes
        ownProcesses = own
        self.host = host
        checkedAt = date
    }

    /// The metrics alert rules see: the deployment's health as this instance knows it (another
    /// instance gone silent counts as a service down), this host and process, push statistics.
    func metricSnapshot(extra: [String: Double]) -> [String: Double] {
        var values = extra
        if let checkedAt { values.merge(HealthSummary(results: deployment, checkedAt: checkedAt).metricValues) { $1 } }
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
