import MarketCore
import Testing

@Suite("ScaledDecimal")
struct ScaledDecimalTests {
    @Test(arguments: [
        ("101.25", 2, Int64(10_125)), ("0.5", 2, 50), ("7", 2, 700), ("1.500", 2, 150), ("000.01", 2, 1),
        (".5", 1, 5), ("5.", 1, 50), ("0", 3, 0), ("999999999999999", 0, 999_999_999_999_999),
    ])
    func parsesExactly(text: String, scale: Int, expected: Int64) {
        #expect(ScaledDecimal.parse(text, scale: scale) == .success(expected))
    }

    @Test(arguments: [
        ("", 2, DecimalParseError.empty), ("abc", 2, .notADecimal), ("1e5", 2, .notADecimal), ("1.2.3", 2, .notADecimal),
        ("+1", 2, .notADecimal), (" 1", 2, .notADecimal), (".", 2, .notADecimal), ("-", 2, .notADecimal),
        ("1.001", 2, .tooManyDecimals(allowed: 2)), ("-1", 2, .negative), ("1000000000000000", 0, .overflow),
        ("99999999999999999999", 2, .overflow), ("999999999999999", 5, .overflow),
    ])
    func refuses(text: String, scale: Int, error: DecimalParseError) {
        #expect(ScaledDecimal.parse(text, scale: scale) == .failure(error))
    }

    @Test func negativesOnlyWhenAllowed() {
        #expect(ScaledDecimal.parse("-2.5", scale: 1, allowNegative: true) == .success(-25))
        #expect(ScaledDecimal.parse("-0", scale: 1) == .success(0))
    }

    @Test func formatsWithMinimumDecimals() {
        #expect(ScaledDecimal.format(10_125, scale: 2) == "101.25")
        #expect(ScaledDecimal.format(10_100, scale: 2) == "101")
        #expect(ScaledDecimal.format(10_100, scale: 2, minFractionDigits: 2) == "101.00")
        #expect(ScaledDecimal.format(-5, scale: 3) == "-0.005")
        #expect(ScaledDecimal.format(108_345, scale: 5, minFractionDigits: 5) == "1.08345")
    }
}
