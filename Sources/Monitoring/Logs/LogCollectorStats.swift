/// Counters of a `LogCollector`, for the monitoring page and tests.
public struct LogCollectorStats: Codable, Equatable, Sendable {
    /// Records accepted from loggers.
    public var recorded: Int
    /// Records the sink accepted.
    public var delivered: Int
    /// Records pushed out of the sink buffer before the sink took them.
    public var dropped: Int
    /// Records waiting for the sink.
    public var pending: Int
    /// Failed sink writes (each retried later).
    public var sinkFailures: Int
    public var lastSinkError: String?

    enum CodingKeys: String, CodingKey {
        case recorded, delivered, dropped, pending
        case sinkFailures = "sink_failures"
        case lastSinkError = "last_sink_error"
    }
}
