import Testing
@testable import Scheduling

@Suite struct CronExpressionParsingTests {
    struct BadCase: Sendable, CustomTestStringConvertible {
        let expression: String
        let field: CronField?
        let position: Int
        let reason: String
        var testDescription: String { "'\(expression)'" }
    }

    static let badCases: [BadCase] = [
        BadCase(expression: "0 24 * * *", field: .hour, position: 2, reason: "value 24 out of range 0-23"),
        BadCase(expression: "0 0 24 * * *", field: .hour, position: 4, reason: "value 24 out of range 0-23"),
        BadCase(expression: "  0 24 * * *", field: .hour, position: 4, reason: "value 24 out of range 0-23"),
        BadCase(expression: "", field: nil, position: 0, reason: "empty expression"),
        BadCase(expression: "* * * *", field: nil, position: 7, reason: "expected 5 or 6 fields, found 4"),
        BadCase(expression: "* * * * * * *", field: nil, position: 12, reason: "expected 5 or 6 fields, found 7"),
        BadCase(expression: "*/0 * * * *", field: .minute, position: 2, reason: "step must be at least 1"),
        BadCase(expression: "*/70 * * * *", field: .minute, position: 2, reason: "step 70 larger than the field's 60 values"),
        BadCase(expression: "*/ * * * *", field: .minute, position: 2, reason: "missing step after '/'"),
        BadCase(expression: "5-1 * * * *", field: .minute, position: 0, reason: "range 5-1 is reversed"),
        BadCase(expression: "1,,2 * * * *", field: .minute, position: 2, reason: "empty list item"),
        BadCase(expression: "a * * * *", field: .minute, position: 0, reason: "invalid value 'a'"),
        BadCase(expression: "MON * * * *", field: .minute, position: 0, reason: "invalid value 'MON'"),
        BadCase(expression: "* * 0 * *", field: .dayOfMonth, position: 4, reason: "value 0 out of range 1-31"),
        BadCase(expression: "* * * FOO *", field: .month, position: 6, reason: "unknown name 'FOO'"),
        BadCase(expression: "* * * 13 *", field: .month, position: 6, reason: "value 13 out of range 1-12"),
        BadCase(expression: "* * * * 8", field: .dayOfWeek, position: 8, reason: "value 8 out of range 0-7"),
        BadCase(expression: "* * * * mon-fri/x", field: .dayOfWeek, position: 16, reason: "invalid step 'x'"),
        BadCase(expression: "60 * * * * *", field: .second, position: 0, reason: "value 60 out of range 0-59"),
        BadCase(expression: "@fortnightly", field: nil, position: 0, reason: "unknown alias '@fortnightly'"),
        BadCase(expression: "@daily 5", field: nil, position: 7, reason: "nothing may follow an alias"),
        BadCase(expression: "0 12 * * 1-", field: .dayOfWeek, position: 11, reason: "missing value"),
    ]

    @Test(arguments: badCases)
    func rejectsWithFieldAndPosition(_ bad: BadCase) {
        #expect(throws: CronParseError(field: bad.field, position: bad.position, reason: bad.reason)) {
            try CronExpression(bad.expression)
        }
    }

    @Test func errorDescriptionNamesFieldAndPosition() {
        let error = CronParseError(field: .hour, position: 5, reason: "value 24 out of range 0-23")
        #expect(error.description == "field 'hour' at position 5: value 24 out of range 0-23")
        #expect(CronParseError(field: nil, position: 0, reason: "empty expression").description == "at position 0: empty expression")
    }

    @Test func namesAreCaseInsensitiveAndSevenIsSunday() throws {
        let named = try CronExpression("0 0 * jan-Mar MON-fri")
        let numbered = try CronExpression("0 0 * 1-3 1-5")
        #expect(named.months == numbered.months)
        #expect(named.daysOfWeek == numbered.daysOfWeek)
        #expect(try CronExpression("0 0 * * 7").daysOfWeek == CronExpression("0 0 * * 0").daysOfWeek)
        #expect(try CronExpression("0 0 * * SUN").daysOfWeek == CronExpression("0 0 * * 0").daysOfWeek)
        // A Sunday closing a range means the end of the week.
        #expect(try CronExpression("0 0 * * FRI-SUN").daysOfWeek.bits == bits(0, 5, 6))
        #expect(try CronExpression("0 0 * * 5-7").daysOfWeek.bits == bits(0, 5, 6))
    }

    @Test func stepsListsAndRanges() throws {
        let expression = try CronExpression("1-10/3,30 */6 5/10 * *")
        #expect(expression.minutes.bits == bits(1, 4, 7, 10, 30))
        #expect(expression.hours.bits == bits(0, 6, 12, 18))
        #expect(expression.daysOfMonth.bits == bits(5, 15, 25))
        #expect(try CronExpression("0 0 * * */2").daysOfWeek.bits == bits(0, 2, 4, 6))
    }

    @Test func secondsFieldIsOptional() throws {
        let five = try CronExpression("* * * * *")
        #expect(!five.hasSecondsField)
        #expect(five.seconds.bits == bits(0))
        let six = try CronExpression("*/20 * * * * *")
        #expect(six.hasSecondsField)
        #expect(six.seconds.bits == bits(0, 20, 40))
    }

    @Test func aliasesExpand() throws {
        #expect(try CronExpression("@daily").minutes == CronExpression("0 0 * * *").minutes)
        #expect(try CronExpression("@HOURLY").hours == CronExpression("0 * * * *").hours)
        #expect(try CronExpression("@weekly").daysOfWeek.bits == bits(0))
        #expect(try CronExpression("  @yearly ").source == "@yearly")
    }

    @Test func fixedTimeDependsOnTheHourField() throws {
        #expect(try CronExpression("30 2 * * *").isFixedTime)
        #expect(try CronExpression("*/5 2,3 * * *").isFixedTime)
        #expect(try !CronExpression("30 * * * *").isFixedTime)
        #expect(try !CronExpression("0 */2 * * *").isFixedTime)
        #expect(try !CronExpression("0 1-5/2 * * *").isFixedTime)
        #expect(try !CronExpression("@hourly").isFixedTime)
    }

    private func bits(_ values: Int...) -> UInt64 {
        values.reduce(0) { $0 | 1 << UInt64($1) }
    }
}
