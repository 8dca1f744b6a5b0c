import Foundation
import Testing
@testable import Scheduling

/// Europe/Berlin: 2025-03-30 02:00 CET → 03:00 CEST (01:00Z); 2025-10-26 03:00 CEST → 02:00 CET (01:00Z).
/// America/New_York: 2025-03-09 02:00 EST → 03:00 EDT (07:00Z); 2025-11-02 02:00 EDT → 01:00 EST (06:00Z).
@Suite struct CronDaylightSavingTests {
    struct Case: Sendable, CustomTestStringConvertible {
        let zone: String
        let expression: String
        let after: String
        let expected: [String]
        let why: String
        var testDescription: String { "\(why): '\(expression)' in \(zone)" }
    }

    static let cases: [Case] = [
        Case(zone: "Europe/Berlin", expression: "30 2 * * *", after: "2025-03-29T12:00:00Z",
             expected: ["2025-03-30T01:00:00Z", "2025-03-31T00:30:00Z"],
             why: "fixed time in the gap fires at the first instant after it"),
        Case(zone: "Europe/Berlin", expression: "*/15 2 * * *", after: "2025-03-29T12:00:00Z",
             expected: ["2025-03-30T01:00:00Z", "2025-03-31T00:00:00Z"],
             why: "several fixed times in the gap fire once"),
        Case(zone: "Europe/Berlin", expression: "0 3 * * *", after: "2025-03-29T12:00:00Z",
             expected: ["2025-03-30T01:00:00Z", "2025-03-31T01:00:00Z"],
             why: "the first hour after the gap is untouched"),
        Case(zone: "Europe/Berlin", expression: "30 * * * *", after: "2025-03-30T00:00:00Z",
             expected: ["2025-03-30T00:30:00Z", "2025-03-30T01:30:00Z"],
             why: "periodic job skips the missing hour"),
        Case(zone: "Europe/Berlin", expression: "30 2 * * *", after: "2025-10-25T12:00:00Z",
             expected: ["2025-10-26T00:30:00Z", "2025-10-27T01:30:00Z"],
             why: "fixed time in the repeated hour fires once, first pass"),
        Case(zone: "Europe/Berlin", expression: "*/30 2 * * *", after: "2025-10-26T00:00:00Z",
             expected: ["2025-10-26T00:30:00Z", "2025-10-27T01:00:00Z"],
             why: "fixed hour with a minute step stays in the first pass"),
        Case(zone: "Europe/Berlin", expression: "30 * * * *", after: "2025-10-26T00:00:00Z",
             expected: ["2025-10-26T00:30:00Z", "2025-10-26T01:30:00Z", "2025-10-26T02:30:00Z"],
             why: "periodic job fires in both passes"),
        Case(zone: "Europe/Berlin", expression: "0 */1 * * *", after: "2025-10-25T23:30:00Z",
             expected: ["2025-10-26T00:00:00Z", "2025-10-26T01:00:00Z", "2025-10-26T02:00:00Z"],
             why: "hour step counts as periodic"),
        Case(zone: "Europe/Berlin", expression: "0 0 * * *", after: "2025-10-25T12:00:00Z",
             expected: ["2025-10-25T22:00:00Z", "2025-10-26T23:00:00Z"],
             why: "midnight moves with the offset"),
        Case(zone: "America/New_York", expression: "0 2 * * *", after: "2025-03-08T12:00:00Z",
             expected: ["2025-03-09T07:00:00Z", "2025-03-10T06:00:00Z"],
             why: "New York gap"),
        Case(zone: "America/New_York", expression: "30 1 * * *", after: "2025-11-01T12:00:00Z",
             expected: ["2025-11-02T05:30:00Z", "2025-11-03T06:30:00Z"],
             why: "New York repeated hour, fixed time once"),
        Case(zone: "America/New_York", expression: "0,30 * * * *", after: "2025-11-02T05:15:00Z",
             expected: ["2025-11-02T05:30:00Z", "2025-11-02T06:00:00Z", "2025-11-02T06:30:00Z", "2025-11-02T07:00:00Z"],
             why: "New York repeated hour, periodic in both passes"),
        Case(zone: "America/New_York", expression: "0 30 1 * * *", after: "2025-11-02T05:30:00Z",
             expected: ["2025-11-03T06:30:00Z"],
             why: "started inside the first pass, the second pass is still skipped"),
        Case(zone: "America/New_York", expression: "30 1 * * *", after: "2025-11-02T06:00:00Z",
             expected: ["2025-11-03T06:30:00Z"],
             why: "started inside the second pass, the repeat is skipped"),
    ]

    @Test(arguments: cases)
    func nextAcrossTransitions(_ test: Case) throws {
        let expression = try CronExpression(test.expression)
        var date = instant(test.after)
        var fires: [String] = []
        for _ in test.expected {
            guard let next = expression.next(after: date, in: zone(test.zone)) else { break }
            fires.append(iso(next))
            date = next
        }
        #expect(fires == test.expected)
    }

    @Test func gapFireComesOnlyForTheDayOfTheGap() throws {
        // Only days whose wall time falls in a gap are moved; the rest of the year is plain.
        let expression = try CronExpression("30 2 * * *")
        var date = instant("2025-01-01T00:00:00Z")
        var count = 0
        while let next = expression.next(after: date, in: zone("Europe/Berlin")), next < instant("2026-01-01T00:00:00Z") {
            count += 1
            date = next
        }
        #expect(count == 365)
    }
}
