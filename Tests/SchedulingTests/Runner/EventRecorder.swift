import Foundation
@testable import Scheduling

/// Collects scheduler events from one or more streams and lets a test wait for a condition.
actor EventRecorder {
    private(set) var events: [SchedulerEvent] = []
    private var waiters: [(condition: @Sendable ([SchedulerEvent]) -> Bool, continuation: CheckedContinuation<Void, Never>)] = []
    private var consumers: [Task<Void, Never>] = []

    func follow(_ stream: AsyncStream<SchedulerEvent>) {
        consumers.append(Task { [weak self] in
            for await event in stream { await self?.append(event) }
        })
    }

    func stop() {
        for consumer in consumers { consumer.cancel() }
    }

    /// Returns once `condition` holds for the events so far.
    func wait(until condition: @escaping @Sendable ([SchedulerEvent]) -> Bool) async {
        if condition(events) { return }
        await withCheckedContinuation { waiters.append((condition, $0)) }
    }

    func wait(forFinished count: Int) async {
        await wait { $0.finished.count >= count }
    }

    func wait(forSkipped count: Int) async {
        await wait { $0.skipped.count >= count }
    }

    private func append(_ event: SchedulerEvent) {
        events.append(event)
        let ready = waiters.filter { $0.condition(events) }
        waiters.removeAll { $0.condition(events) }
        for waiter in ready { waiter.continuation.resume() }
    }
}

extension Array where Element == SchedulerEvent {
    var started: [JobRun] {
        compactMap { if case .runStarted(let run) = $0 { run } else { nil } }
    }

    var finished: [JobRun] {
        compactMap { if case .runFinished(let run) = $0 { run } else { nil } }
    }

    var skipped: [JobRun] {
        compactMap { if case .runSkipped(let run) = $0 { run } else { nil } }
    }
}
