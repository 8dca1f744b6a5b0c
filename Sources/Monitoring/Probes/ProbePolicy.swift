/// How long a probe may take before it counts as down, and after how long it counts as degraded.
public struct ProbePolicy: Equatable, Sendable {
    public var timeout: Duration
    /// A successful answer slower than this is reported `degraded`.
    public var degradedAfter: Duration

    public init(timeout: Duration = .seconds(5), degradedAfter: Duration = .seconds(1)) {
        precondition(timeout > .zero, "a probe needs time to answer")
        self.timeout = timeout
        self.degradedAfter = degradedAfter
    }
}
