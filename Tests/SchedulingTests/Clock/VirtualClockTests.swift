import Foundation
import Testing
@testable import Scheduling

@Suite(.timeLimit(.minutes(1))) struct VirtualClockTests {
    @Test func timeStandsStillUntilAdvanced() {
        let clock = VirtualClock(now: instant("2025-01-01T00:00:00Z"))
        #expect(iso(clock.now()) == "2025-01-01T00:00:00Z")
        clock.advance(by: 90)
        #expect(iso(clock.now()) == "2025-01-01T00:01:30Z")
    }

    @Test func advanceWakesDueSleepersInDeadlineOrder() async throws {
        let clock = VirtualClock(now: instant("2025-01-01T00:00:00Z"))
        let order = Recorder()
        let late = Task { try await clock.sleep(until: instant("2025-01-01T00:00:20Z")); await order.append("late") }
        await clock.waitForSleepers(count: 1)
        let early = Task { try await clock.sleep(until: instant("2025-01-01T00:00:10Z")); await order.append("early") }
        await clock.waitForSleepers(count: 2)

        clock.advance(by: 5)
        #expect(clock.sleeperCount == 2)
        clock.advance(by: 5)
        try await early.value
        #expect(await order.values == ["early"])
        #expect(clock.sleeperCount == 1)
        #expect(iso(clock.nextDeadline) == "2025-01-01T00:00:20Z")
        clock.advanceToNextDeadline()
        try await late.value
        #expect(await order.values == ["early", "late"])
        #expect(iso(clock.now()) == "2025-01-01T00:00:20Z")
    }

    @Test func pastDeadlineReturnsAtOnce() async throws {
        let clock = VirtualClock(now: instant("2025-01-01T00:00:00Z"))
        try await clock.sleep(until: instant("2024-12-31T23:59:59Z"))
        #expect(clock.sleeperCount == 0)
    }

    @Test func cancellationEndsTheSleepAndRemovesTheSleeper() async {
        let clock = VirtualClock(now: instant("2025-01-01T00:00:00Z"))
        let sleeper = Task { try await clock.sleep(until: instant("2025-01-02T00:00:00Z")) }
        await clock.waitForSleepers(count: 1)
        sleeper.cancel()
        let result = await sleeper.result
        #expect(throws: CancellationError.self) { try result.get() }
        #expect(clock.sleeperCount == 0)
    }

    @Test func cancelledBeforeSleepingThrowsAtOnce() async {
        let clock = VirtualClock()
        let sleeper = Task {
            withUnsafeCurrentTask { $0?.cancel() }
            try await clock.sleep(until: clock.now().addingTimeInterval(60))
        }
        let result = await sleeper.result
        #expect(throws: CancellationError.self) { try result.get() }
        #expect(clock.sleeperCount == 0)
    }
}

private actor Recorder {
    var values: [String] = []
    func append(_ value: String) { values.append(value) }
}
