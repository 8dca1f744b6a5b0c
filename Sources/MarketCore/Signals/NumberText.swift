/// Decimal text of indicator values for reasons and identifiers, without Foundation's formatters.
enum NumberText {
    /// `value` rounded to `decimals` places, e.g. fixed(24.318, 1) == "24.3".
    static func fixed(_ value: Double, _ decimals: Int) -> String {
        let places = min(max(decimals, 0), 9)
        let scaled = (value * Double(ScaledDecimal.powersOfTen[places])).rounded()
        // Beyond ±2^53 the digits are not meaningful anyway; let Swift print the Double.
        guard scaled.isFinite, abs(scaled) < 9_007_199_254_740_992 else { return "\(value)" }
        return ScaledDecimal.format(Int64(scaled), scale: places, minFractionDigits: places)
    }

    /// `value` with at most 6 places and no trailing zeros, e.g. trimmed(2.0) == "2", trimmed(2.5) == "2.5".
    static func trimmed(_ value: Double) -> String {
        let scaled = (value * 1_000_000).rounded()
        guard scaled.isFinite, abs(scaled) < 9_007_199_254_740_992 else { return "\(value)" }
        return ScaledDecimal.format(Int64(scaled), scale: 6)
    }
}
