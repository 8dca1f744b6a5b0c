/// Everything the scheduler's operations reject, each with a stable snake_case `code`.
///
/// Suggested HTTP mapping: `job_not_found` 404; `protected_job`, `already_running`, `job_exists`
/// 409; `unknown_task`, `invalid_cron`, `invalid_interval`, `invalid_job` 400 (or 422);
/// `store_failure` 503.
public enum SchedulerError: Error, Sendable, Hashable, CustomStringConvertible {
    case jobNotFound(String)
    case jobExists(String)
    case protectedJob(String)
    case alreadyRunning(String)
    case unknownTask(String)
    case invalidTrigger(TriggerError)
    case invalidJob(String)
    case storeFailure(String)

    public var code: String {
        switch self {
        case .jobNotFound: "job_not_found"
        case .jobExists: "job_exists"
        case .protectedJob: "protected_job"
        case .alreadyRunning: "already_running"
        case .unknownTask: "unknown_task"
        case .invalidTrigger(let error): error.code
        case .invalidJob: "invalid_job"
        case .storeFailure: "store_failure"
        }
    }

    public var description: String {
        switch self {
        case .jobNotFound(let id): "no job '\(id)'"
        case .jobExists(let id): "a job '\(id)' already exists"
        case .protectedJob(let id): "job '\(id)' is protected: it cannot be paused or deleted"
        case .alreadyRunning(let id): "job '\(id)' is already running"
        case .unknownTask(let task): "no task kind '\(task)' is registered"
        case .invalidTrigger(let error): error.description
        case .invalidJob(let reason): "invalid job: \(reason)"
        case .storeFailure(let reason): "job store failed: \(reason)"
        }
    }
}
