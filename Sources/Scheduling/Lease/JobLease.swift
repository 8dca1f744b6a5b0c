import Foundation

/// Decides which scheduler instance runs a due occurrence when several share one store.
///
/// `tryAcquire` returns true to exactly one caller per `(jobId, runKey)`, ever, and only while
/// no other instance holds an unreleased, unexpired claim on the same job, so a job never runs
/// on two instances at once. A claim is held until `release` or until `ttl` seconds pass (the
/// holder died). `runKey` is opaque (at most 64 characters): the due time for a scheduled
/// occurrence, so every instance names it alike, and a fresh id for a run-now. A database
/// implementation: a row per claim with a unique key on `(job_id, run_key)`, inserted in a
/// transaction that first checks for the job's held claims.
public protocol JobLease: Sendable {
    func tryAcquire(jobId: String, runKey: String, instance: String, ttl: TimeInterval) async throws -> Bool
    func release(jobId: String, runKey: String, instance: String) async throws
}
