import Foundation
import Synchronization

/// The users that authenticated requests name, kept for a second. Every request re-reads its
/// user's role and disabled flag (a demotion takes effect at once), but a bot placing hundreds
/// of orders a second need not cost a database read each: on the one-connection SQLite of the
/// embedded shape that read queues behind the order journal's writes. A change made through this
/// process (admin user update) clears the entry at once; one made on another instance of a
/// cluster is seen within `lifetime`.
///
/// While the database is unreachable, an entry up to `staleLimit` old still answers: an admin
/// can then look at the monitoring pages that say what is wrong (nothing can be written anyway).
final class UserCache: Sendable {
    private struct Entry { let user: UserSnapshot; let at: ContinuousClock.Instant }
    private let entries = Mutex<[UUID: Entry]>([:])
    let lifetime: Duration
    let staleLimit: Duration

    init(lifetime: Duration = .seconds(1), staleLimit: Duration = .seconds(600)) {
        self.lifetime = lifetime
        self.staleLimit = staleLimit
    }

    /// The cached user and whether the entry is fresh (younger than `lifetime`).
    func get(_ id: UUID) -> (user: UserSnapshot, fresh: Bool)? {
        let now = ContinuousClock.now
        return entries.withLock { entries in
            guard let entry = entries[id] else { return nil }
            let age = now - entry.at
            guard age < staleLimit else {
                entries[id] = nil
                return nil
            }
            return (entry.user, age < lifetime)
        }
    }

    func put(_ user: UserSnapshot) {
        let now = ContinuousClock.now
        entries.withLock { entries in
            // Bounded: a flood of distinct users cannot grow it without limit.
            if entries.count >= 10_000 { entries.removeAll(keepingCapacity: true) }
            entries[user.id] = Entry(user: user, at: now)
        }
    }

    func invalidate(_ id: UUID) {
        _ = entries.withLock { $0.removeValue(forKey: id) }
    }
}
