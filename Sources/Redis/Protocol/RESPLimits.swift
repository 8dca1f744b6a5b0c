/// Upper bounds on what the decoder accepts, so a broken or hostile peer cannot exhaust memory.
public struct RESPLimits: Sendable, Hashable {
    /// Longest bulk string accepted; Redis itself caps values at 512 MB.
    public var maxBulkLength: Int
    /// Most elements in one array, set, push or map (a map counts its keys and values).
    public var maxAggregateCount: Int
    /// Deepest nesting of aggregates.
    public var maxDepth: Int
    /// Longest simple line (simple string, error, number) before its CRLF.
    public var maxLineLength: Int

    public init(
        maxBulkLength: Int = 512 * 1024 * 1024,
        maxAggregateCount: Int = 1_000_000,
        maxDepth: Int = 64,
        maxLineLength: Int = 1024 * 1024
    ) {
        self.maxBulkLength = maxBulkLength
        self.maxAggregateCount = maxAggregateCount
        self.maxDepth = maxDepth
        self.maxLineLength = maxLineLength
    }
}
