import Foundation
import Testing
@testable import Scheduling

@Suite struct InMemoryJobLeaseTests {
    let clock = VirtualClock(now: instant("2025-01-01T00:00:00Z"))

    @Test func oneCallerPerRunKey() async {
        let lease = InMemoryJobLease(clock: clock)
        #expect(await lease.tryAcquire(jobId: "j", runKey: "due:1", instance: "a", ttl: 60))
        #expect(await !lease.tryAcquire(jobId: "j", runKey: "due:1", instance: "b", ttl: 60))
        await lease.release(jobId: "j", runKey: "due:1", instance: "a")
        // Released or not, a run key is granted once.
        #expect(await !lease.tryAcquire(jobId: "j", runKey: "due:1", instance: "b", ttl: 60))
        #expect(await !lease.tryAcquire(jobId: "j", runKey: "due:1", instance: "a", ttl: 60))
        #expect(await lease.grantedCount == 1)
    }

    @Test func aHeldClaimBlocksOtherInstancesUntilReleasedOrExpired() async {
        let lease = InMemoryJobLease(clock: clock)
        #expect(await lease.tryAcquire(jobId: "j", runKey: "due:1", instance: "a", ttl: 60))
        #expect(await !lease.tryAcquire(jobId: "j", runKey: "due:2", instance: "b", ttl: 60))
        // The holder itself may claim the next occurrence (to record it skipped).
        #expect(await lease.tryAcquire(jobId: "j", runKey: "due:2", instance: "a", ttl: 60))
        #expect(await lease.tryAcquire(jobId: "other", runKey: "due:2", instance: "b", ttl: 60))

        await lease.release(jobId: "j", runKey: "due:1", instance: "a")
        await lease.release(jobId: "j", runKey: "due:2", instance: "a")
        #expect(await lease.tryAcquire(jobId: "j", runKey: "due:3", instance: "b", ttl: 60))

        // b dies holding its claim: after the TTL, a may go on.
        #expect(await !lease.tryAcquire(jobId: "j", runKey: "due:4", instance: "a", ttl: 60))
        clock.advance(by: 61)
        #expect(await lease.tryAcquire(jobId: "j", runKey: "due:5", instance: "a", ttl: 60))
    }

    @Test func onlyTheHolderReleases() async {
        let lease = InMemoryJobLease(clock: clock)
        #expect(await lease.tryAcquire(jobId: "j", runKey: "due:1", instance: "a", ttl: 60))
        await lease.release(jobId: "j", runKey: "due:1", instance: "b")
        #expect(await !lease.tryAcquire(jobId: "j", runKey: "due:2", instance: "b", ttl: 60))
    }

    @Test func runKeysNameOccurrencesAlikeAndRunNowsApart() {
        let due = instant("2025-01-01T00:00:05Z")
        #expect(RunKey.scheduled(due) == "due:1735689605000")
        #expect(RunKey.scheduled(due) == RunKey.scheduled(Date(timeIntervalSince1970: 1_735_689_605)))
        #expect(RunKey.admin(UUID()) != RunKey.admin(UUID()))
        #expect(RunKey.admin(UUID()).count <= 64)
    }
}
