import Foundation

extension Scheduler {
    /// Re-reads definitions from the store to apply what other instances added, removed, paused
    /// or resumed. Until the next sync, another instance's pause may let one more run start here.
    func synchronize() async {
        let before = mutations
        let stored: [JobDefinition]
        do {
            stored = try await store.loadJobs()
        } catch {
            logger.warning("job store sync failed", metadata: ["error": "\(error)"])
            return
        }
        // A local change raced the read: the read may predate it; the next sync will be current.
        guard mutations == before else { return }

        var seen = Set<String>()
        for job in stored {
            seen.insert(job.id)
            if var entry = entries[job.id] {
                guard entry.definition != job else { continue }
                let previous = entry.definition
                entry.definition = job
                if job.paused || previous.paused || previous.trigger != job.trigger {
                    entry.nextDue = nextDue(for: job)
                }
                entries[job.id] = entry
                emit(.jobChanged(job))
            } else if tasks[job.task] != nil {
                entries[job.id] = Entry(definition: job, nextDue: nextDue(for: job), active: nil, lastRun: nil)
                emit(.jobChanged(job))
            }
        }
        for id in entries.keys where !seen.contains(id) {
            entries.removeValue(forKey: id)
            emit(.jobRemoved(id: id))
        }
    }
}
