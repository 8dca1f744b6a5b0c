import Foundation
import HTTPTypes
import Hummingbird
import Logging
import MarketCore
import Monitoring
import Scheduling

/// `/trading/internal/*` (trading role): what a backend instance asks of the trading engine,
/// which owns the balances. Only another Bourse process may call these: the request carries a
/// service token signed with the shared key in `X-Bourse-Service` (never a user's token).
struct InternalTradingController {
    static let serviceHeader = HTTPField.Name("X-Bourse-Service")!

    let gateway: EngineTradingGateway
    let tokens: TokenService
    /// The jobs whose work happens here; the backend's scheduler asks for them.
    let jobs: [String: JobTask]
    /// This process's CPU and memory, sampled when a backend asks (each health check), so the
    /// admin sees every service process (`/api/monitoring/metrics`).
    let process: SystemMetricsMonitor
    let logger: Logger

    func register(in catalog: RouteCatalog) {
        registerJobs(in: catalog)
        catalog.add(RouteDoc(method: .get, path: "/trading/internal/process", summary: "This trading process's CPU, memory, threads and uptime since the last ask",
                             tag: "internal", access: .service)) { request, _, _ in
            try await requireService(request)
            return try JSONResponse.make(try await process.sample().process)
        }
        catalog.add(RouteDoc(method: .post, path: "/trading/internal/accounts/{account_id}/deposit",
                             summary: "Adds funds to an account through the engine (backend to trading only)",
                             tag: "internal", access: .service, body: GatewayWire.fields, errorStatuses: [404])) { request, context, doc in
            let accountID = try await authorise(request, context)
            let body = try await JSONBody.parse(request, allowed: doc.bodyFieldNames)
            let amount = try body.money("amount")
            guard amount > .zero, amount <= AccountService.maxDeposit else {
                throw APIError.badRequest("invalid_amount", "'amount' must be greater than zero and at most \(AccountService.maxDeposit.decimalString)")
            }
            try await gateway.deposit(accountID: accountID, amount: amount, description: try body.string("description", maxLength: 600),
                                      reference: try body.optionalString("reference", maxLength: 128), audit: try GatewayWire.audit(body, action: "deposit"))
            return try JSONResponse.make(["status": "done"])
        }
        catalog.add(RouteDoc(method: .post, path: "/trading/internal/accounts/{account_id}/reset",
                             summary: "Resets an account through the engine (backend to trading only)",
                             tag: "internal", access: .service, body: GatewayWire.fields, errorStatuses: [404])) { request, context, doc in
            let accountID = try await authorise(request, context)
            let body = try await JSONBody.parse(request, allowed: doc.bodyFieldNames)
            try await gateway.reset(accountID: accountID, audit: try GatewayWire.audit(body, action: "reset"))
            return try JSONResponse.make(["status": "done"])
        }
    }

    /// `POST /trading/internal/jobs/{task}`: one run of a trading-side job, answered when done.
    func registerJobs(in catalog: RouteCatalog) {
        catalog.add(RouteDoc(method: .post, path: "/trading/internal/jobs/{task}",
                             summary: "Runs market_data_refresh or market_analysis here for the backend's scheduler",
                             tag: "internal", access: .service, body: [.init("job_id"), .init("run_id")], errorStatuses: [404])) { request, context, doc in
            try await requireService(request)
            guard let name = context.parameters.get("task"), let job = jobs[name] else {
                throw APIError.notFound("unknown_task", "no such task here")
            }
            let body = try await JSONBody.parse(request, allowed: doc.bodyFieldNames)
            let jobID = try body.string("job_id", maxLength: 64)
            let runID = UUID(uuidString: try body.string("run_id", maxLength: 64)) ?? UUID()
            var jobLogger = logger
            jobLogger[metadataKey: "job_id"] = "\(jobID)"
            jobLogger[metadataKey: "run_id"] = "\(runID.uuidString.lowercased())"
            do {
                try await job(JobContext(jobId: jobID, runId: runID, dueAt: Date(), trigger: .schedule, logger: jobLogger))
            } catch let error as APIError {
                throw error
            } catch {
                throw APIError(.internalServerError, code: "job_failed", reason: "\(error)")
            }
            return try JSONResponse.make(["status": "done"])
        }
    }

    private func requireService(_ request: Request) async throws {
        guard let token = request.headers[Self.serviceHeader], await tokens.verifyService(token) else {
            throw APIError.forbidden("service_only", "internal routes take a service token")
        }
    }

    private func authorise(_ request: Request, _ context: BourseRequestContext) async throws -> Int64 {
        try await requireService(request)
        guard let id = context.parameters.get("account_id").flatMap(Int64.init), id > 0 else {
            throw APIError.notFound("account_not_found", "no such account")
        }
        return id
    }
}
