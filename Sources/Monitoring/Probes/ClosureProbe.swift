/// A probe whose check is a closure, for services that need no state of their own.
public struct ClosureProbe: HealthProbe {
    public let service: String
    public let instance: String
    public let policy: ProbePolicy?
    private let body: @Sendable () async throws -> ProbeOutcome

    public init(
        service: String,
        instance: String,
        policy: ProbePolicy? = nil,
        check: @escaping @Sendable () async throws -> ProbeOutcome
    ) {
        self.service = service
        self.instance = instance
        self.policy = policy
        body = check
    }

    public func check() async throws -> ProbeOutcome {
        try await body()
    }
}
