/// How long an order may live: the session, until canceled, immediately, or all-or-nothing at once.
public enum TimeInForce: String, Hashable, Sendable, Codable, CaseIterable {
    case day, gtc, ioc, fok

    /// Whether an unfilled remainder may rest in the book.
    @inline(__always)
    public var canRest: Bool { self == .day || self == .gtc }
}
