/// Which side of the book an order is on.
public enum Side: String, Hashable, Sendable, Codable, CaseIterable {
    case buy, sell

    /// The side an order of this side trades against.
    @inline(__always)
    public var opposite: Side { self == .buy ? .sell : .buy }
}
