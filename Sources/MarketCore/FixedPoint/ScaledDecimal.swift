/// Exact conversion between decimal strings and integers scaled by 10^scale.
///
/// Parsing never rounds: a string with more fraction digits than the scale allows is refused,
/// because silently rounding a user's price or amount is a bug in a trading system.
public enum ScaledDecimal {
    /// Powers of ten that fit in Int64, indexed by exponent.
    public static let powersOfTen: [Int64] = {
        var p: [Int64] = [1]
        for _ in 1...18 { p.append(p.last! * 10) }
        return p
    }()

    /// The largest magnitude accepted by `parse`, whatever the scale: 10^15 units keeps every
    /// product of a price and a quantity we form far from Int64's edge.
    public static let maxIntegerDigits = 15

    /// Parses `text` ("101.25", "-3", "0.5") into an integer scaled by 10^scale.
    /// Accepts an optional leading '-' only when `allowNegative`; no exponent, no spaces, no '+'.
    public static func parse(_ text: String, scale: Int, allowNegative: Bool = false) -> Result<Int64, DecimalParseError> {
        precondition(scale >= 0 && scale <= 18)
        var utf8 = Substring(text).utf8[...]
        if utf8.isEmpty { return .failure(.empty) }
        var negative = false
        if utf8.first == UInt8(ascii: "-") {
            negative = true
            utf8 = utf8.dropFirst()
        }
        var intPart: Int64 = 0
        var intDigits = 0
        var fracPart: Int64 = 0
        var fracDigits = 0
        var seenDot = false
        var sawDigit = false
        for byte in utf8 {
            if byte == UInt8(ascii: ".") {
                if seenDot { return .failure(.notADecimal) }
                seenDot = true
                continue
            }
            guard byte >= UInt8(ascii: "0"), byte <= UInt8(ascii: "9") else { return .failure(.notADecimal) }
            sawDigit = true
            let digit = Int64(byte - UInt8(ascii: "0"))
            if seenDot {
                fracDigits += 1
                if fracDigits > scale {
                    // Trailing zeros beyond the scale are harmless ("1.500" at scale 2).
                    if digit != 0 { return .failure(.tooManyDecimals(allowed: scale)) }
                    continue
                }
                fracPart = fracPart * 10 + digit
            } else {
                if intDigits > 0 || digit != 0 { intDigits += 1 }
                if intDigits > maxIntegerDigits { return .failure(.overflow) }
                intPart = intPart * 10 + digit
            }
        }
        guard sawDigit else { return .failure(.notADecimal) }
        let usedFrac = min(fracDigits, scale)
        fracPart *= powersOfTen[scale - usedFrac]
        let (scaledInt, o1) = intPart.multipliedReportingOverflow(by: powersOfTen[scale])
        if o1 { return .failure(.overflow) }
        let (value, o2) = scaledInt.addingReportingOverflow(fracPart)
        if o2 { return .failure(.overflow) }
        if negative && value != 0 {
            guard allowNegative else { return .failure(.negative) }
            return .success(-value)
        }
        return .success(value)
    }

    /// Prints `value / 10^scale` exactly, with at least `minFractionDigits` decimals and no
    /// trailing zeros beyond them ("100000.00", "6.500001", "1.08345").
    public static func format(_ value: Int64, scale: Int, minFractionDigits: Int = 0) -> String {
        precondition(scale >= 0 && scale <= 18)
        let negative = value < 0
        let magnitude = value.magnitude
        let divisor = UInt64(powersOfTen[scale])
        let whole = magnitude / divisor
        var frac = magnitude % divisor
        var digits = scale
        let keep = min(minFractionDigits, scale)
        while digits > keep && frac % 10 == 0 {
            frac /= 10
            digits -= 1
        }
        var out = negative ? "-" : ""
        out += String(whole)
        if digits > 0 {
            let f = String(frac)
            out += "." + String(repeating: "0", count: digits - f.count) + f
        }
        return out
    }
}
