import Foundation

/// The lease key of a run: the due time of a scheduled occurrence, or a run-now's own id.
enum RunKey {
    /// Milliseconds since the epoch: identical on every instance for the same occurrence.
    static func scheduled(_ dueAt: Date) -> String {
        "due:\(Int64((dueAt.timeIntervalSince1970 * 1000).rounded()))"
    }

    static func admin(_ runId: UUID) -> String {
        "admin:\(runId.uuidString.lowercased())"
    }

    static func of(_ run: JobRun) -> String {
        run.trigger == .admin ? admin(run.id) : scheduled(run.dueAt)
    }
}
