/// How long to wait between reconnect attempts: exponential growth, a cap, and jitter.
///
/// Jitter spreads the reconnects of many instances after a Redis restart so they do not arrive
/// together. `random` and `sleep` are injected so tests can check the schedule without waiting.
public struct RedisReconnectPolicy: Sendable {
    public var initialDelay: Duration
    public var maximumDelay: Duration
    public var multiplier: Double
    /// Fraction of each delay that is random: 0.5 waits between half and all of the nominal delay.
    public var jitter: Double
    /// Returns a value in 0..<1.
    public var random: @Sendable () -> Double
    public var sleep: @Sendable (Duration) async throws -> Void

    public init(
        initialDelay: Duration = .milliseconds(50),
        maximumDelay: Duration = .seconds(5),
        multiplier: Double = 2,
        jitter: Double = 0.5,
        random: @escaping @Sendable () -> Double = { Double.random(in: 0..<1) },
        sleep: @escaping @Sendable (Duration) async throws -> Void = { try await Task.sleep(for: $0) }
    ) {
        self.initialDelay = initialDelay
        self.maximumDelay = maximumDelay
        self.multiplier = max(1, multiplier)
        self.jitter = min(max(jitter, 0), 1)
        self.random = random
        self.sleep = sleep
    }

    /// The wait before reconnect attempt `attempt` (0 for the first attempt after a loss).
    public func delay(forAttempt attempt: Int) -> Duration {
        let cap = Self.seconds(maximumDelay)
        var nominal = Self.seconds(initialDelay)
        var step = 0
        // Multiply step by step so a long outage cannot overflow to infinity.
        while step < attempt && nominal < cap {
            nominal *= multiplier
            step += 1
        }
        nominal = min(nominal, cap)
        let fraction = min(max(random(), 0), 1)
        return .seconds(nominal * (1 - jitter + jitter * fraction))
    }

    private static func seconds(_ duration: Duration) -> Double {
        let parts = duration.components
        return Double(parts.seconds) + Double(parts.attoseconds) / 1e18
    }
}
