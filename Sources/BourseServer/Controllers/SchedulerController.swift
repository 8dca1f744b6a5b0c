import Foundation
import Hummingbird
import Scheduling

/// `/api/scheduler/*` (admin): the jobs, their history, and pause/resume/run-now.
struct SchedulerController {
    let scheduler: Scheduler

    static func apiError(_ error: SchedulerError) -> APIError {
        switch error {
        case .jobNotFound: return APIError.notFound(error.code, error.description)
        case .protectedJob, .alreadyRunning, .jobExists: return APIError.conflict(error.code, error.description)
        case .storeFailure: return APIError.unavailable(error.code, error.description)
        default: return APIError.badRequest(error.code, error.description)
        }
    }

    private func perform<T>(_ body: () async throws(SchedulerError) -> T) async throws -> T {
        do { return try await body() } catch { throw Self.apiError(error) }
    }

    func register(in catalog: RouteCatalog) {
        catalog.add(RouteDoc(method: .get, path: "/api/scheduler/status", summary: "Running, instance id, job counts", tag: "scheduler", access: .admin)) { _, context, _ in
            _ = try context.requireAdmin()
            let status = await scheduler.status()
            return try JSONResponse.make(StatusDTO(running: status.isRunning, instanceID: status.instanceId, timeZone: status.timeZone,
                                                   jobs: status.jobCount, paused: status.pausedCount, runningJobs: status.runningCount))
        }

        catalog.add(RouteDoc(method: .get, path: "/api/scheduler/jobs", summary: "Every job: trigger, next run, last run, paused, protected",
                             tag: "scheduler", access: .admin)) { _, context, _ in
            _ = try context.requireAdmin()
            return try JSONResponse.make(await scheduler.jobs().map { JobDTO($0) })
        }

        catalog.add(RouteDoc(method: .get, path: "/api/scheduler/jobs/{job_id}", summary: "One job with its recent runs",
                             tag: "scheduler", access: .admin, errorStatuses: [404])) { _, context, _ in
            _ = try context.requireAdmin()
            let id = context.parameters.get("job_id") ?? ""
            let status = try await perform { () async throws(SchedulerError) in try await scheduler.job(id: id) }
            let history = try await perform { () async throws(SchedulerError) in try await scheduler.history(jobId: id, limit: 50) }
            return try JSONResponse.make(JobDTO(status, history: history))
        }

        catalog.add(RouteDoc(
            method: .post, path: "/api/scheduler/jobs", summary: "Add a job running one of the registered task kinds",
            tag: "scheduler", access: .admin,
            body: [.init("id", required: true, "1-64 of a-z, 0-9, _ and -"), .init("task", required: true, "a registered task kind"),
                   .init("name", required: false), .init("interval_seconds", "integer", required: false, "at least 1; or give cron"),
                   .init("cron", required: false, "5 fields (or 6 with seconds), e.g. \"*/5 * * * *\""), .init("paused", "boolean", required: false)],
            successStatus: 201, errorStatuses: [409]
        )) { request, context, doc in
            _ = try context.requireAdmin()
            let body = try await JSONBody.parse(request, allowed: doc.bodyFieldNames)
            let id = try body.string("id", maxLength: 64)
            guard !id.isEmpty, id.unicodeScalars.allSatisfy({ CharacterSet(charactersIn: "abcdefghijklmnopqrstuvwxyz0123456789_-").contains($0) }) else {
                throw APIError.badRequest("invalid_job_id", "'id' must be 1-64 characters of a-z, 0-9, '_' and '-'")
            }
            let trigger: Trigger
            let cron = try body.optionalString("cron", maxLength: 120)
            let interval = try body.optionalNumber("interval_seconds")
            switch (cron, interval) {
            case (let cron?, nil):
                do { trigger = try Trigger(cron: cron) } catch let error as TriggerError { throw APIError.badRequest(error.code, error.description) }
            case (nil, let seconds?):
                guard seconds == seconds.rounded(), seconds >= -1e9, seconds <= 1e9 else {
                    throw APIError.badRequest("invalid_interval", "'interval_seconds' must be a whole number of seconds")
                }
                do { trigger = try Trigger(intervalSeconds: Int(seconds)) } catch let error as TriggerError { throw APIError.badRequest(error.code, error.description) }
            case (nil, nil): throw APIError.badRequest("missing_trigger", "give 'interval_seconds' or 'cron'")
            default: throw APIError.badRequest("ambiguous_trigger", "give 'interval_seconds' or 'cron', not both")
            }
            let job = JobDefinition(id: id, name: try body.optionalString("name", maxLength: 120), task: try body.string("task", maxLength: 64),
                                    trigger: trigger, paused: try body.optionalBool("paused") ?? false)
            let status = try await perform { () async throws(SchedulerError) in try await scheduler.add(job) }
            return try JSONResponse.make(JobDTO(status), status: .created)
        }

        catalog.add(RouteDoc(method: .delete, path: "/api/scheduler/jobs/{job_id}", summary: "Remove a job (409 for a protected one)",
                             tag: "scheduler", access: .admin, successStatus: 204, errorStatuses: [404, 409])) { _, context, _ in
            _ = try context.requireAdmin()
            let id = context.parameters.get("job_id") ?? ""
            try await perform { () async throws(SchedulerError) in try await scheduler.remove(id: id) }
            return Response(status: .noContent)
        }

        for action in ["pause", "resume", "run"] {
            catalog.add(RouteDoc(
                method: .post, path: "/api/scheduler/jobs/{job_id}/\(action)",
                summary: action == "run" ? "Run the job now, once (409 if it is running)" : (action == "pause" ? "Pause (409 for a protected job)" : "Resume"),
                tag: "scheduler", access: .admin, successStatus: action == "run" ? 202 : 200, errorStatuses: [404, 409]
            )) { _, context, _ in
                _ = try context.requireAdmin()
                let id = context.parameters.get("job_id") ?? ""
                switch action {
                case "pause": return try JSONResponse.make(JobDTO(try await perform { () async throws(SchedulerError) in try await scheduler.pause(id: id) }))
                case "resume": return try JSONResponse.make(JobDTO(try await perform { () async throws(SchedulerError) in try await scheduler.resume(id: id) }))
                default: return try JSONResponse.make(JobRunDTO(try await perform { () async throws(SchedulerError) in try await scheduler.runNow(id: id) }), status: .accepted)
                }
            }
        }
    }

    struct StatusDTO: Encodable {
        let running: Bool
        let instanceID: String
        let timeZone: String
        let jobs: Int
        let paused: Int
        let runningJobs: Int
        enum CodingKeys: String, CodingKey {
            case running, instanceID = "instance_id", timeZone = "time_zone", jobs, paused, runningJobs = "running_jobs"
        }
    }
}
