/// A token bucket: `burst` frames at once, refilled at `perSecond`; time comes from the caller.
public struct TokenBucket: Sendable, Equatable {
    public let burst: Double
    public let perSecond: Double
    private var tokens: Double
    private var lastMicros: Int64?

    public init(burst: Int, perSecond: Double) {
        self.burst = Double(max(1, burst))
        self.perSecond = max(0, perSecond)
        tokens = self.burst
    }

    /// Takes one token at `nowMicros`; false when the bucket is empty.
    public mutating func take(nowMicros: Int64) -> Bool {
        if let lastMicros, nowMicros > lastMicros {
            tokens = min(burst, tokens + Double(nowMicros - lastMicros) / 1_000_000 * perSecond)
        }
        // A clock that steps back must not mint tokens, so time only moves forward here.
        lastMicros = max(lastMicros ?? nowMicros, nowMicros)
        guard tokens >= 1 else { return false }
        tokens -= 1
        return true
    }
}
