import Foundation
import Testing
@testable import Scheduling

@Suite struct CronExpressionNextTests {
    struct Case: Sendable, CustomTestStringConvertible {
        let expression: String
        let after: String
        let expected: String?
        let why: String
        var testDescription: String { "\(why): '\(expression)' after \(after)" }
    }

    static let utcCases: [Case] = [
        Case(expression: "0 0 29 2 *", after: "2025-01-01T00:00:00Z", expected: "2028-02-29T00:00:00Z", why: "leap day waits for a leap year"),
        Case(expression: "0 0 29 2 *", after: "2096-03-01T00:00:00Z", expected: "2104-02-29T00:00:00Z", why: "2100 is not a leap year"),
        Case(expression: "0 0 31 * *", after: "2025-04-01T00:00:00Z", expected: "2025-05-31T00:00:00Z", why: "April has no 31st"),
        Case(expression: "0 0 31 * *", after: "2025-01-31T00:00:00Z", expected: "2025-03-31T00:00:00Z", why: "February has no 31st"),
        Case(expression: "0 0 30 2 *", after: "2025-01-01T00:00:00Z", expected: nil, why: "February 30th never comes"),
        Case(expression: "0 0 31 4,6,9,11 *", after: "2025-01-01T00:00:00Z", expected: nil, why: "30-day months have no 31st"),
        Case(expression: "59 23 31 12 *", after: "2025-12-31T23:59:00Z", expected: "2026-12-31T23:59:00Z", why: "year end rolls over"),
        Case(expression: "0 0 1 1 *", after: "2099-12-31T12:00:00Z", expected: "2100-01-01T00:00:00Z", why: "century rolls over"),
        Case(expression: "0 12 * * *", after: "2025-06-01T12:00:00Z", expected: "2025-06-02T12:00:00Z", why: "strictly after"),
        Case(expression: "0 12 * * *", after: "2025-06-01T11:59:59Z", expected: "2025-06-01T12:00:00Z", why: "one second before"),
        Case(expression: "0 0 13 * 5", after: "2025-06-01T00:00:00Z", expected: "2025-06-06T00:00:00Z", why: "day-of-month OR day-of-week: a Friday"),
        Case(expression: "0 0 13 * 5", after: "2025-06-06T00:00:00Z", expected: "2025-06-13T00:00:00Z", why: "day-of-month OR day-of-week: the 13th"),
        Case(expression: "0 0 13 * 5", after: "2025-06-13T00:00:00Z", expected: "2025-06-20T00:00:00Z", why: "day-of-month OR day-of-week: next Friday"),
        Case(expression: "0 0 13 * *", after: "2025-06-01T00:00:00Z", expected: "2025-06-13T00:00:00Z", why: "day-of-week unrestricted: only the 13th"),
        Case(expression: "0 0 * * 5", after: "2025-06-06T00:00:00Z", expected: "2025-06-13T00:00:00Z", why: "day-of-month unrestricted: only Fridays"),
        Case(expression: "0 0 */2 * 1", after: "2025-06-01T00:00:00Z", expected: "2025-06-09T00:00:00Z", why: "a field starting with * makes it AND (Vixie)"),
        Case(expression: "0 0 29 2 1", after: "2025-02-25T00:00:00Z", expected: "2026-02-02T00:00:00Z", why: "Feb 29th OR a Monday in February"),
        Case(expression: "0 0 29 2 1", after: "2028-02-28T00:00:00Z", expected: "2028-02-29T00:00:00Z", why: "leap day by day-of-month"),
        Case(expression: "1-10/3 * * * *", after: "2025-06-01T12:04:00Z", expected: "2025-06-01T12:07:00Z", why: "step inside a range"),
        Case(expression: "1-10/3 * * * *", after: "2025-06-01T12:10:00Z", expected: "2025-06-01T13:01:00Z", why: "step range wraps to next hour"),
        Case(expression: "*/15 * * * *", after: "2025-06-01T23:59:30Z", expected: "2025-06-02T00:00:00Z", why: "step wraps the day"),
        Case(expression: "0 9 * JAN-MAR mon-fri", after: "2025-03-31T09:00:00Z", expected: "2026-01-01T09:00:00Z", why: "names, next year"),
        Case(expression: "0 0 * * 7", after: "2025-06-01T00:00:00Z", expected: "2025-06-08T00:00:00Z", why: "7 is Sunday"),
        Case(expression: "0 0 * * FRI-SUN", after: "2025-06-01T00:00:00Z", expected: "2025-06-06T00:00:00Z", why: "range ending on Sunday"),
        Case(expression: "*/10 * * * * *", after: "2025-06-01T12:00:05Z", expected: "2025-06-01T12:00:10Z", why: "seconds field"),
        Case(expression: "*/10 * * * * *", after: "2025-06-01T12:59:55Z", expected: "2025-06-01T13:00:00Z", why: "seconds field wraps the hour"),
        Case(expression: "30 0 0 1 1 *", after: "2025-01-01T00:00:30Z", expected: "2026-01-01T00:00:30Z", why: "seconds field, yearly"),
        Case(expression: "@daily", after: "2025-06-01T10:00:00Z", expected: "2025-06-02T00:00:00Z", why: "@daily"),
        Case(expression: "@hourly", after: "2025-06-01T10:00:00Z", expected: "2025-06-01T11:00:00Z", why: "@hourly"),
        Case(expression: "@weekly", after: "2025-06-02T00:00:00Z", expected: "2025-06-08T00:00:00Z", why: "@weekly is Sunday midnight"),
        Case(expression: "@monthly", after: "2025-01-31T00:00:00Z", expected: "2025-02-01T00:00:00Z", why: "@monthly"),
        Case(expression: "0 0 * * 1", after: "2025-06-01T00:00:00Z", expected: "2025-06-02T00:00:00Z", why: "weekly_report: Monday 00:00"),
        Case(expression: "0 3 * * *", after: "2025-06-01T03:00:00Z", expected: "2025-06-02T03:00:00Z", why: "database_backup"),
    ]

    @Test(arguments: utcCases)
    func nextInUTC(_ test: Case) throws {
        let expression = try CronExpression(test.expression)
        let next = expression.next(after: instant(test.after))
        #expect(iso(next) == (test.expected ?? "nil"))
    }

    @Test func fractionalSecondsStillMeanStrictlyAfter() throws {
        let expression = try CronExpression("* * * * * *")
        let next = expression.next(after: instant("2025-06-01T12:00:00Z").addingTimeInterval(0.5))
        #expect(iso(next) == "2025-06-01T12:00:01Z")
    }

    @Test func consecutiveFiresOfEveryMinuteAreOneMinuteApart() throws {
        let expression = try CronExpression("* * * * *")
        var date = instant("2024-02-28T23:58:00Z")
        var fires: [String] = []
        for _ in 0..<4 {
            date = try #require(expression.next(after: date))
            fires.append(iso(date))
        }
        #expect(fires == ["2024-02-28T23:59:00Z", "2024-02-29T00:00:00Z", "2024-02-29T00:01:00Z", "2024-02-29T00:02:00Z"])
    }

    @Test func impossibleExpressionAnswersQuickly() throws {
        let expression = try CronExpression("0 0 31 2 *")
        let clock = ContinuousClock()
        let elapsed = clock.measure { _ = expression.next(after: instant("2025-01-01T00:00:00Z")) }
        #expect(expression.next(after: instant("2025-01-01T00:00:00Z")) == nil)
        #expect(elapsed < .seconds(1))
    }

    @Test func nonUTCZoneShiftsWallTime() throws {
        let expression = try CronExpression("0 0 * * *")
        let next = expression.next(after: instant("2025-01-01T12:00:00Z"), in: zone("Asia/Tokyo"))
        #expect(iso(next) == "2025-01-01T15:00:00Z")
    }
}
