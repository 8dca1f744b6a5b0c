/// A price as a whole number of an instrument's ticks; only meaningful together with its instrument.
public struct Price: Hashable, Comparable, Sendable, CustomStringConvertible {
    /// The number of ticks.
    public var ticks: Int64

    public init(ticks: Int64) { self.ticks = ticks }

    public static func < (lhs: Price, rhs: Price) -> Bool { lhs.ticks < rhs.ticks }
    public var description: String { "\(ticks)t" }
}
