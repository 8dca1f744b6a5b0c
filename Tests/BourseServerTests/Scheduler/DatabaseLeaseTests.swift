import Foundation
import Logging
@testable import BourseServer
import Scheduling
import Testing

/// Two scheduler instances (each with its own connections, as two processes would have) on one
/// database: every due occurrence runs on exactly one of them.
@Suite("Scheduler lease in the database")
struct DatabaseLeaseTests {
    actor Tally {
        var byDue: [Date: [String]] = [:]
        func record(_ due: Date, _ instance: String) { byDue[due, default: []].append(instance) }
    }

    @Test("two instances on one database run each 1 s occurrence once")
    func oneRunPerOccurrence() async throws {
        let database = try await TestDatabase.make()
        var storages: [Storage] = []
        var loops: [Task<Void, Never>] = []
        do {
            let tally = Tally()
            let job = JobDefinition(id: "tick", task: "tick", trigger: try Trigger(intervalSeconds: 1))
            var schedulers: [Scheduler] = []
            for index in 1...2 {
                let storage = try Storage(location: database.location, logger: Logger(label: "test.lease"))
                storages.append(storage)
                try await storage.prepare()
                try await storage.migrate()
                let instance = "instance-\(index)"
                let scheduler = Scheduler(
                    instanceId: instance, store: DatabaseJobStore(storage: storage), lease: DatabaseJobLease(storage: storage),
                    configuration: SchedulerConfiguration(storeSyncInterval: nil),
                    tasks: ["tick": { context in await tally.record(context.dueAt, instance) }])
                try await scheduler.bootstrap(defaults: [job])
                schedulers.append(scheduler)
            }
            loops = schedulers.map { scheduler in Task { await scheduler.run() } }
            // Until three occurrences ran (a fixed wait raced a loaded machine).
            #expect(try await eventually(seconds: 60) { await tally.byDue.count >= 3 })
            for loop in loops { loop.cancel() }
            for loop in loops { await loop.value }
            // Runs started just before the stop finish recording in their own tasks.
            try await Task.sleep(for: .seconds(1))

            let byDue = await tally.byDue
            #expect(byDue.count >= 3, "occurrences run: \(byDue.count)")
            for (due, instances) in byDue {
                #expect(instances.count == 1, "\(due) ran on \(instances)")
            }
            // The stored history agrees: one record per due time (a run, or, on a busy machine, an
            // occurrence recorded as skipped), and every run the bodies saw is among them.
            let runs = try await DatabaseJobStore(storage: storages[0]).recentRuns(jobId: "tick", limit: 100)
            #expect(Set(runs.map(\.dueAt)).count == runs.count)
            #expect(Set(byDue.keys).isSubset(of: Set(runs.map(\.dueAt))))
        } catch {
            for loop in loops { loop.cancel() }
            for storage in storages { await storage.shutdown() }
            await database.destroy()
            throw error
        }
        for storage in storages { await storage.shutdown() }
        await database.destroy()
    }
}
