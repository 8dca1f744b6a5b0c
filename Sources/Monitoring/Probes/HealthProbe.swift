/// A check of one service instance; concrete probes (HTTP, database, Redis) live in the server.
///
/// `check()` should honour task cancellation, but the runner does not rely on it: a check that
/// hangs past its timeout is reported `down` on time and left to finish in the background.
public protocol HealthProbe: Sendable {
    var service: String { get }
    var instance: String { get }
    /// This probe's own timeout and slowness threshold; nil for the runner's.
    var policy: ProbePolicy? { get }
    /// Throws when the service cannot be reached; the error's description becomes the reason.
    func check() async throws -> ProbeOutcome
}

extension HealthProbe {
    public var policy: ProbePolicy? { nil }
}
