import Foundation

/// The monitoring library's source of time: wall time for timestamps, a monotonic reading for
/// durations, and a cancellable sleep for timeouts and retries.
public protocol MonitoringClock: Sendable {
    /// Wall time, stamped on samples, probe results, log records and alerts.
    func now() -> Date
    /// A reading that only moves forward; response times are measured on it so that a wall-clock
    /// step (NTP) cannot make a probe look slow or negative.
    func monotonic() -> Duration
    /// Suspends for `duration`; throws `CancellationError` if the task is cancelled first.
    func sleep(for duration: Duration) async throws
}
