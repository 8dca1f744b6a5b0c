import MarketCore
import Testing

@Suite("Money")
struct MoneyTests {
    @Test func parsesAndPrintsMicros() {
        #expect(Money.parse("6.500001") == .success(Money(micros: 6_500_001)))
        #expect(Money(units: 100_000).decimalString == "100000.00")
        #expect(Money.parse("1.0000001") == .failure(.tooManyDecimals(allowed: 6)))
        #expect((Money(micros: 5) - Money(micros: 7)).decimalString == "-0.000002")
    }
}
