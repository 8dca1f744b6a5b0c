/// An amount of virtual cash in integer micro-units (10^-6 of the account currency).
///
/// Micro-units, not cents: a crypto-like instrument with a 0.0001 lot and a 0.01 tick has
/// notionals at 10^-6 resolution, and the ledger must hold every fill exactly ("never loses a
/// cent" means never rounds one either). Int64 micro-units still reach 9.2 trillion.
public struct Money: Hashable, Comparable, Sendable, CustomStringConvertible {
    /// Decimal places of the internal representation.
    public static let scale = 6
    /// Micro-units per whole currency unit.
    public static let unit: Int64 = 1_000_000

    /// The amount in micro-units.
    public var micros: Int64

    public init(micros: Int64) { self.micros = micros }

    /// Whole currency units, e.g. `Money(units: 100_000)`.
    public init(units: Int64) { self.micros = units * Money.unit }

    public static let zero = Money(micros: 0)

    /// Parses a decimal string with at most six decimals; negatives only when allowed.
    public static func parse(_ text: String, allowNegative: Bool = false) -> Result<Money, DecimalParseError> {
        ScaledDecimal.parse(text, scale: scale, allowNegative: allowNegative).map(Money.init(micros:))
    }

    /// The API form: at least two decimals, more only when the amount needs them.
    public var decimalString: String { ScaledDecimal.format(micros, scale: Money.scale, minFractionDigits: 2) }
    public var description: String { decimalString }

    public static func < (lhs: Money, rhs: Money) -> Bool { lhs.micros < rhs.micros }
    public static func + (lhs: Money, rhs: Money) -> Money { Money(micros: lhs.micros + rhs.micros) }
    public static func - (lhs: Money, rhs: Money) -> Money { Money(micros: lhs.micros - rhs.micros) }
    public static prefix func - (value: Money) -> Money { Money(micros: -value.micros) }
    public static func += (lhs: inout Money, rhs: Money) { lhs.micros += rhs.micros }
    public static func -= (lhs: inout Money, rhs: Money) { lhs.micros -= rhs.micros }
}
