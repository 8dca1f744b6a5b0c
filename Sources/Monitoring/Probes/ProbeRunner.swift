/// Runs health probes concurrently, each under a timeout, and classifies their answers.
public struct ProbeRunner: Sendable {
    public var policy: ProbePolicy
    private let clock: any MonitoringClock

    public init(policy: ProbePolicy = ProbePolicy(), clock: any MonitoringClock = SystemMonitoringClock()) {
        self.policy = policy
        self.clock = clock
    }

    /// Every probe at once; results come back in the order of `probes`.
    public func run(_ probes: [any HealthProbe]) async -> [ProbeResult] {
        await withTaskGroup(of: (Int, ProbeResult).self) { group in
            for (index, probe) in probes.enumerated() {
                group.addTask { (index, await run(probe)) }
            }
            var results: [ProbeResult?] = Array(repeating: nil, count: probes.count)
            for await (index, result) in group { results[index] = result }
            return results.compactMap { $0 }
        }
    }

    /// Runs one probe: an error or a timeout is `down` with the reason, a successful answer slower
    /// than the policy's threshold is `degraded`, and `not_configured` is passed through as is.
    public func run(_ probe: any HealthProbe) async -> ProbeResult {
        let policy = probe.policy ?? self.policy
        let started = clock.monotonic()
        let race = await ProbeRace.run(probe, timeout: policy.timeout, clock: clock)
        let elapsed = clock.monotonic() - started
        var result = ProbeResult(
            service: probe.service, instance: probe.instance, status: .down,
            responseMs: elapsed.milliseconds, checkedAt: clock.now()
        )
        switch race {
        case .timedOut:
            result.reason = "no answer within \(Self.format(policy.timeout))"
        case .cancelled:
            result.reason = "check cancelled"
        case let .answered(.failure(error)):
            result.reason = error is CancellationError ? "check cancelled" : String(describing: error)
        case let .answered(.success(outcome)):
            result.status = outcome.status
            result.reason = outcome.reason
            result.uptimeS = outcome.uptimeSeconds
            result.details = outcome.details
            if outcome.status == .up, elapsed > policy.degradedAfter {
                result.status = .degraded
                result.reason = "slow answer: \(Self.format(elapsed)) over the \(Self.format(policy.degradedAfter)) threshold"
            }
        }
        return result
    }

    static func format(_ duration: Duration) -> String {
        "\(Int(duration.milliseconds.rounded())) ms"
    }
}
