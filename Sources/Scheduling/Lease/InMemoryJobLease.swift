import Foundation

/// A `JobLease` in memory, shared by scheduler instances of one process in tests.
public actor InMemoryJobLease: JobLease {
    private struct Key: Hashable {
        let jobId: String
        let runKey: String
    }

    private struct Claim {
        let instance: String
        let expiresAt: Date
    }

    /// Granted keys older than this are forgotten; no instance lags that far behind.
    private static let retention: TimeInterval = 86_400

    private let clock: any SchedulerClock
    /// Every granted key with when it was granted.
    private var granted: [Key: Date] = [:]
    /// Unreleased claims per job, the only ones that can block another instance.
    private var held: [String: [String: Claim]] = [:]
    private var grantsSincePrune = 0

    /// `clock` decides when an unreleased claim expires.
    public init(clock: any SchedulerClock) {
        self.clock = clock
    }

    public func tryAcquire(jobId: String, runKey: String, instance: String, ttl: TimeInterval) -> Bool {
        let key = Key(jobId: jobId, runKey: runKey)
        guard granted[key] == nil else { return false }
        let now = clock.now()
        let heldElsewhere = held[jobId, default: [:]].values.contains { $0.expiresAt > now && $0.instance != instance }
        guard !heldElsewhere else { return false }
        granted[key] = now
        held[jobId, default: [:]][runKey] = Claim(instance: instance, expiresAt: now.addingTimeInterval(ttl))
        prune(now: now)
        return true
    }

    public func release(jobId: String, runKey: String, instance: String) {
        guard held[jobId]?[runKey]?.instance == instance else { return }
        held[jobId]?[runKey] = nil
    }

    /// How many runs were granted (and not yet forgotten).
    public var grantedCount: Int { granted.count }

    private func prune(now: Date) {
        grantsSincePrune += 1
        guard grantsSincePrune >= 1000 else { return }
        grantsSincePrune = 0
        let horizon = now.addingTimeInterval(-Self.retention)
        granted = granted.filter { $0.value >= horizon }
        for jobId in held.keys {
            held[jobId] = held[jobId]?.filter { $0.value.expiresAt > now }
        }
    }
}
