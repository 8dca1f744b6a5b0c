import Foundation

/// The real clock: `Date()` for wall time, `ContinuousClock` for durations and sleeps.
public struct SystemMonitoringClock: MonitoringClock {
    private let origin: ContinuousClock.Instant

    public init() {
        origin = ContinuousClock.now
    }

    public func now() -> Date { Date() }

    public func monotonic() -> Duration { origin.duration(to: ContinuousClock.now) }

    public func sleep(for duration: Duration) async throws {
        try await Task.sleep(for: duration, tolerance: nil, clock: .continuous)
    }
}
