import Foundation
import Testing
@testable import Scheduling

@Suite struct IntervalTriggerTests {
    @Test func dueTimesAreMultiplesFromTheAnchor() throws {
        let trigger = try IntervalTrigger(seconds: 5)
        #expect(iso(trigger.next(after: instant("2025-01-01T00:00:00Z"))) == "2025-01-01T00:00:05Z")
        #expect(iso(trigger.next(after: instant("2025-01-01T00:00:03Z"))) == "2025-01-01T00:00:05Z")
        #expect(iso(trigger.next(after: instant("2025-01-01T00:00:04Z").addingTimeInterval(0.999))) == "2025-01-01T00:00:05Z")
    }

    @Test func customAnchor() throws {
        let trigger = try IntervalTrigger(seconds: 60, anchor: instant("2025-01-01T00:00:07Z"))
        #expect(iso(trigger.next(after: instant("2025-01-01T00:00:30Z"))) == "2025-01-01T00:01:07Z")
        #expect(iso(trigger.latest(atOrBefore: instant("2025-01-01T00:02:00Z"))) == "2025-01-01T00:01:07Z")
    }

    @Test func zeroAndBelowTheFloorAreRejected() {
        #expect(throws: TriggerError.intervalTooShort(seconds: 0, minimum: 1)) { try IntervalTrigger(seconds: 0) }
        #expect(throws: TriggerError.intervalTooShort(seconds: -5, minimum: 1)) { try IntervalTrigger(seconds: -5) }
        #expect(throws: TriggerError.intervalTooShort(seconds: 4, minimum: 5)) { try IntervalTrigger(seconds: 4, minimum: 5) }
        // A floor below one second is raised to one: a zero interval would spin the runner.
        #expect(throws: TriggerError.intervalTooShort(seconds: 0, minimum: 1)) { try IntervalTrigger(seconds: 0, minimum: 0) }
        #expect(TriggerError.intervalTooShort(seconds: 0, minimum: 1).code == "invalid_interval")
    }

    @Test func daylightSavingDoesNotAffectIntervals() throws {
        let trigger = Trigger.interval(try IntervalTrigger(seconds: 3600))
        let next = trigger.next(after: instant("2025-03-30T00:30:00Z"), in: zone("Europe/Berlin"))
        #expect(iso(next) == "2025-03-30T01:00:00Z")
    }
}
