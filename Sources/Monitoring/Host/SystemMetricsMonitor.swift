import Foundation

/// Keeps the previous readings between `sample()` calls and the resulting series for charts.
///
/// The server's `system_health_check` job calls `sample()`; the first call takes two readings a
/// priming interval apart, so even the first sample has real rates.
public actor SystemMetricsMonitor {
    /// A host and a process sample taken together.
    public struct Snapshot: Codable, Equatable, Sendable {
        public var host: HostSample
        public var process: ProcessSample

        /// Host and process values merged, as alert rules read them.
        public var metricValues: [String: Double] {
            host.metricValues.merging(process.metricValues) { current, _ in current }
        }
    }

    private let sampler: MetricsSampler
    private let clock: any MonitoringClock
    private let primingInterval: Duration
    private var previous: (host: HostReading, process: ProcessReading, at: Duration)?
    public private(set) var hostSeries: MetricSeries<HostSample>
    public private(set) var processSeries: MetricSeries<ProcessSample>

    public init(
        sampler: MetricsSampler,
        clock: any MonitoringClock = SystemMonitoringClock(),
        retention: TimeInterval = 24 * 3600,
        maxPoints: Int = 2880,
        primingInterval: Duration = .seconds(1)
    ) {
        self.sampler = sampler
        self.clock = clock
        self.primingInterval = primingInterval
        hostSeries = MetricSeries(maxAge: retention, maxPoints: maxPoints)
        processSeries = MetricSeries(maxAge: retention, maxPoints: maxPoints)
    }

    /// Reads `/proc`, computes the samples since the previous call and appends them to the series.
    public func sample() async throws -> Snapshot {
        if previous == nil {
            previous = try (sampler.readHost(), sampler.readProcess(), clock.monotonic())
            try await clock.sleep(for: primingInterval)
        }
        let host = try sampler.readHost()
        let process = try sampler.readProcess()
        let now = clock.monotonic()
        guard let last = previous else { preconditionFailure("primed above") }
        let elapsed = (now - last.at).seconds
        let at = clock.now()
        let snapshot = Snapshot(
            host: sampler.hostSample(from: last.host, to: host, elapsedSeconds: elapsed, at: at),
            process: sampler.processSample(
                from: last.process, to: process, elapsedSeconds: elapsed,
                coreCount: host.cpu.cores.count, at: at
            )
        )
        previous = (host, process, now)
        hostSeries.append(snapshot.host, at: at)
        processSeries.append(snapshot.process, at: at)
        return snapshot
    }

    /// The most recent snapshot, without taking a new reading.
    public var latest: Snapshot? {
        guard let host = hostSeries.latest?.value, let process = processSeries.latest?.value else { return nil }
        return Snapshot(host: host, process: process)
    }
}
