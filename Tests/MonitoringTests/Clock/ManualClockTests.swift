import Foundation
import Testing
@testable import Monitoring

@Suite(.timeLimit(.minutes(1))) struct ManualClockTests {
    @Test func sleepersWakeOnlyWhenTimeReachesTheirDeadline() async throws {
        let clock = ManualClock()
        let start = clock.now()
        let woke = AsyncRecorder<Int>()
        let sleeper = Task {
            try await clock.sleep(for: .seconds(5))
            await woke.append(1)
        }
        await clock.waitForSleepers(count: 1)
        clock.advance(by: .seconds(4))
        #expect(clock.sleeperCount == 1)
        clock.advance(by: .seconds(1))
        try await sleeper.value
        #expect(await woke.values == [1])
        #expect(clock.now() == start.addingTimeInterval(5))
        #expect(clock.monotonic() == .seconds(5))
    }

    @Test func cancellationEndsASleep() async {
        let clock = ManualClock()
        let sleeper = Task { try await clock.sleep(for: .seconds(60)) }
        await clock.waitForSleepers(count: 1)
        sleeper.cancel()
        await #expect(throws: CancellationError.self) { try await sleeper.value }
        #expect(clock.sleeperCount == 0)
    }
}
