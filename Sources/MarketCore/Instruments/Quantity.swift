/// A quantity as a whole number of an instrument's lots; only meaningful together with its instrument.
public struct Quantity: Hashable, Comparable, Sendable, CustomStringConvertible {
    /// The number of lots.
    public var lots: Int64

    public init(lots: Int64) { self.lots = lots }

    public static let zero = Quantity(lots: 0)
    public static func < (lhs: Quantity, rhs: Quantity) -> Bool { lhs.lots < rhs.lots }
    public static func + (lhs: Quantity, rhs: Quantity) -> Quantity { Quantity(lots: lhs.lots + rhs.lots) }
    public static func - (lhs: Quantity, rhs: Quantity) -> Quantity { Quantity(lots: lhs.lots - rhs.lots) }
    public static func += (lhs: inout Quantity, rhs: Quantity) { lhs.lots += rhs.lots }
    public static func -= (lhs: inout Quantity, rhs: Quantity) { lhs.lots -= rhs.lots }
    public var description: String { "\(lots)l" }
}
