import Foundation
import Logging
import Realtime
import Scheduling
import ServiceLifecycle

/// Runs the scheduler as a `Service` and announces every job run on the admin channel.
struct SchedulerService: Service {
    let scheduler: Scheduler
    let defaults: [JobDefinition]
    let push: PushPublisher
    let logger: Logger

    func run() async throws {
        try await scheduler.bootstrap(defaults: defaults)
        let events = await scheduler.events()
        await withTaskGroup(of: Void.self) { group in
            group.addTask {
                for await event in events {
                    guard let payload = Self.announcement(event) else { continue }
                    try? await push.toAdmins(payload)
                }
            }
            await cancelWhenGracefulShutdown { await scheduler.run() }
            group.cancelAll()
        }
    }

    static func announcement(_ event: SchedulerEvent) -> [UInt8]? {
        let encoded: Data?
        switch event {
        case .runStarted(let run), .runFinished(let run), .runSkipped(let run):
            encoded = try? JSONResponse.encoder.encode(BusEnvelope(type: "job_run", data: JobRunDTO(run)))
        case .jobChanged(let job):
            encoded = try? JSONResponse.encoder.encode(BusEnvelope(type: "job_changed", data: ["id": job.id, "paused": job.paused ? "true" : "false"]))
        case .jobRemoved(let id):
            encoded = try? JSONResponse.encoder.encode(BusEnvelope(type: "job_removed", data: ["id": id]))
        }
        return encoded.map(Array.init)
    }
}

/// The eight jobs every deployment runs (API.md, "Scheduler").
enum DefaultJobs {
    static func definitions(marketRefreshSeconds: Int) -> [JobDefinition] {
        func interval(_ seconds: Int) -> Trigger { try! Trigger(intervalSeconds: seconds) }
        func cron(_ expression: String) -> Trigger { try! Trigger(cron: expression) }
        return [
            JobDefinition(id: "market_data_refresh", name: "Market data refresh", task: "market_data_refresh", trigger: interval(marketRefreshSeconds), protected: true),
            JobDefinition(id: "market_analysis", name: "Market analysis (signals)", task: "market_analysis", trigger: interval(60)),
            JobDefinition(id: "daily_report", name: "Daily reports", task: "daily_report", trigger: cron("0 0 * * *")),
            JobDefinition(id: "weekly_report", name: "Weekly reports", task: "weekly_report", trigger: cron("0 0 * * 1")),
            JobDefinition(id: "system_health_check", name: "System health check", task: "system_health_check", trigger: interval(30), protected: true),
            JobDefinition(id: "alert_check", name: "Alert check", task: "alert_check", trigger: interval(10), protected: true),
            JobDefinition(id: "database_backup", name: "Database backup", task: "database_backup", trigger: cron("0 3 * * *")),
            JobDefinition(id: "cleanup_old_data", name: "Clean-up of old data", task: "cleanup_old_data", trigger: cron("0 2 * * *")),
        ]
    }
}
