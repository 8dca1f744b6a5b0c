import Foundation
@testable import Scheduling

/// One or more schedulers on a virtual clock sharing an in-memory store and lease.
struct SchedulerHarness {
    static let start = instant("2025-01-01T00:00:00Z")

    let clock: VirtualClock
    let store: InMemoryJobStore
    let lease: InMemoryJobLease
    let schedulers: [Scheduler]
    let recorder: EventRecorder
    private let loops: [Task<Void, Never>]

    var scheduler: Scheduler { schedulers[0] }

    /// Builds `instances` schedulers with the given task kinds and default jobs, starts their
    /// loops, and returns once every loop is asleep on the clock.
    static func start(
        instances: Int = 1,
        at now: Date = start,
        clock: VirtualClock? = nil,
        configuration: SchedulerConfiguration = SchedulerConfiguration(storeSyncInterval: nil),
        tasks: [String: JobTask] = ["noop": { _ in }],
        jobs: [JobDefinition] = [],
        store: InMemoryJobStore = InMemoryJobStore()
    ) async throws -> SchedulerHarness {
        let clock = clock ?? VirtualClock(now: now)
        let lease = InMemoryJobLease(clock: clock)
        var schedulers: [Scheduler] = []
        for index in 0..<instances {
            let scheduler = Scheduler(
                instanceId: "instance-\(index + 1)", store: store, lease: lease, clock: clock,
                configuration: configuration, tasks: tasks
            )
            try await scheduler.bootstrap(defaults: jobs)
            schedulers.append(scheduler)
        }
        let recorder = EventRecorder()
        for scheduler in schedulers {
            await recorder.follow(await scheduler.events())
        }
        let loops = schedulers.map { scheduler in Task { await scheduler.run() } }
        await clock.waitForSleepers(count: instances)
        return SchedulerHarness(clock: clock, store: store, lease: lease, schedulers: schedulers, recorder: recorder, loops: loops)
    }

    private init(clock: VirtualClock, store: InMemoryJobStore, lease: InMemoryJobLease, schedulers: [Scheduler], recorder: EventRecorder, loops: [Task<Void, Never>]) {
        self.clock = clock
        self.store = store
        self.lease = lease
        self.schedulers = schedulers
        self.recorder = recorder
        self.loops = loops
    }

    /// Advances the clock, then waits until `sleepers` tasks (the loops, plus any job bodies
    /// sleeping on the clock) are asleep again.
    func advance(by seconds: TimeInterval, thenSleepers sleepers: Int? = nil) async {
        clock.advance(by: seconds)
        await clock.waitForSleepers(count: sleepers ?? schedulers.count)
    }

    func runs(of jobId: String) async -> [JobRun] {
        await store.allRuns().filter { $0.jobId == jobId }
    }

    /// Cancels the loops and waits for them to finish.
    func stop() async {
        for loop in loops { loop.cancel() }
        for loop in loops { await loop.value }
        await recorder.stop()
    }
}

/// Counts how many runs of a body are in progress at once, and the most ever seen.
actor ConcurrencyProbe {
    private(set) var current = 0
    private(set) var maximum = 0
    private(set) var total = 0

    func enter() {
        current += 1
        total += 1
        maximum = max(maximum, current)
    }

    func leave() {
        current -= 1
    }
}

struct TaskFailure: Error, CustomStringConvertible {
    var description: String { "upstream unavailable" }
}
