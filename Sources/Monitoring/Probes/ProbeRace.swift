import Synchronization

/// The first of "the check answered", "the timeout elapsed" or "the caller gave up".
enum ProbeRaceOutcome: Sendable {
    case answered(Result<ProbeOutcome, any Error>)
    case timedOut
    case cancelled
}

/// Resumes the waiting runner exactly once, with whichever contender finishes first, and cancels
/// the others. Unstructured tasks are used so that a check which ignores cancellation cannot hold
/// the runner past the timeout, as a task group would (it waits for every child).
final class ProbeRace: Sendable {
    private struct State {
        var continuation: CheckedContinuation<ProbeRaceOutcome, Never>?
        var outcome: ProbeRaceOutcome?
        var tasks: [Task<Void, Never>] = []
    }

    private let state = Mutex(State())

    static func run(_ probe: any HealthProbe, timeout: Duration, clock: any MonitoringClock) async -> ProbeRaceOutcome {
        let race = ProbeRace()
        return await withTaskCancellationHandler {
            await withCheckedContinuation { continuation in
                race.install(continuation)
                race.attach(Task {
                    do {
                        race.finish(.answered(.success(try await probe.check())))
                    } catch {
                        race.finish(.answered(.failure(error)))
                    }
                })
                race.attach(Task {
                    guard (try? await clock.sleep(for: timeout)) != nil else { return }
                    race.finish(.timedOut)
                })
            }
        } onCancel: {
            race.finish(.cancelled)
        }
    }

    private func install(_ continuation: CheckedContinuation<ProbeRaceOutcome, Never>) {
        let early: ProbeRaceOutcome? = state.withLock { state in
            if let outcome = state.outcome { return outcome }
            state.continuation = continuation
            return nil
        }
        if let early { continuation.resume(returning: early) }
    }

    private func attach(_ task: Task<Void, Never>) {
        let alreadyDone = state.withLock { state in
            if state.outcome != nil { return true }
            state.tasks.append(task)
            return false
        }
        if alreadyDone { task.cancel() }
    }

    private func finish(_ outcome: ProbeRaceOutcome) {
        let (continuation, tasks) = state.withLock { state -> (CheckedContinuation<ProbeRaceOutcome, Never>?, [Task<Void, Never>]) in
            guard state.outcome == nil else { return (nil, []) }
            state.outcome = outcome
            defer {
                state.continuation = nil
                state.tasks = []
            }
            return (state.continuation, state.tasks)
        }
        for task in tasks { task.cancel() }
        continuation?.resume(returning: outcome)
    }
}
