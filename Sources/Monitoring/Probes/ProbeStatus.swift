/// The health of one service as a probe sees it.
public enum ProbeStatus: String, Codable, CaseIterable, Sendable {
    case up
    /// Answering, but slowly or with a warning.
    case degraded
    case down
    /// The deployment has no such service (Redis in the embedded shape); not a failure.
    case notConfigured = "not_configured"

    /// Order for "the worst of": a summary reports the most severe status among its services.
    var severity: Int {
        switch self {
        case .notConfigured: 0
        case .up: 1
        case .degraded: 2
        case .down: 3
        }
    }
}
