import AsyncHTTPClient
import Foundation
import Logging
import MarketCore
import Monitoring
import NIOCore
import NIOPosix
import Scheduling
import ServiceLifecycle

/// The services shape's gateway: a backend instance asks the trading role, over HTTP, to move
/// cash (the engine there owns the balances). The URLs are tried in order — the active trading
/// instance, then its standby — but only when a connection could not be made at all, so a
/// request is never applied twice. A circuit breaker turns a dead trading role into quick 503s.
struct HTTPTradingGateway: TradingGateway {
    let urls: [String]
    let client: HTTPClient
    let tokens: TokenService
    let breaker: CircuitBreaker
    let logger: Logger
    var timeout: TimeAmount = .seconds(5)

    func deposit(accountID: Int64, amount: Money, description: String, reference: String?, audit: PendingAudit) async throws {
        try await call("/trading/internal/accounts/\(accountID)/deposit",
                       GatewayWire(audit: audit, amount: amount, description: description, reference: reference))
    }

    func reset(accountID: Int64, audit: PendingAudit) async throws {
        try await call("/trading/internal/accounts/\(accountID)/reset", GatewayWire(audit: audit))
    }

    static let unavailable = APIError.unavailable("trading_unavailable", "the trading system is not answering; try again shortly")

    private func call(_ path: String, _ wire: GatewayWire) async throws {
        do {
            try await post(path, body: ByteBuffer(data: try JSONResponse.encoder.encode(wire)), timeout: timeout)
        } catch let error as APIError where error.status.code >= 500 {
            logger.error("the trading role answered with a server error", metadata: ["path": "\(path)", "code": "\(error.code)"])
            throw Self.unavailable
        }
    }

    /// One POST to the trading role with a service token, to the first instance that accepts a
    /// connection. Returns on a 2xx; otherwise throws the trading role's own error (4xx and 5xx,
    /// the latter counted by the breaker) or `unavailable`.
    func post(_ path: String, body: ByteBuffer, timeout: TimeAmount) async throws {
        guard await breaker.permit() else { throw Self.unavailable }
        let token = try await tokens.serviceToken()
        for base in urls {
            var request = HTTPClientRequest(url: base + path)
            request.method = .POST
            request.headers.add(name: "Content-Type", value: "application/json")
            request.headers.add(name: InternalTradingController.serviceHeader.rawName, value: token)
            request.body = .bytes(body)
            let response: HTTPClientResponse
            do {
                response = try await client.execute(request, timeout: timeout)
            } catch where Self.neverConnected(error) {
                logger.notice("trading instance not reachable; trying the next", metadata: ["url": "\(base)"])
                continue
            } catch {
                // The request may have reached the engine: do not send it elsewhere.
                await breaker.failed()
                logger.error("call to the trading role failed", metadata: ["url": "\(base)", "error": "\(error)"])
                throw Self.unavailable
            }
            let bytes = try await response.body.collect(upTo: 256 * 1024)
            let status = Int(response.status.code)
            // A 4xx is the trading role answering: its refusal is the caller's answer.
            if status < 500 { await breaker.succeeded() } else { await breaker.failed() }
            if status < 300 { return }
            throw Self.apiError(status: status, body: Data(buffer: bytes))
        }
        await breaker.failed()
        throw Self.unavailable
    }

    /// Connection refused or never established: nothing was sent, so another instance may try.
    static func neverConnected(_ error: any Error) -> Bool {
        if let error = error as? HTTPClientError, error == .connectTimeout { return true }
        if error is NIOConnectionError { return true }
        if let error = error as? IOError, [ECONNREFUSED, EHOSTUNREACH, ENETUNREACH].contains(error.errnoCode) { return true }
        if let error = error as? ChannelError, case .connectTimeout = error { return true }
        return false
    }

    static func apiError(status: Int, body: Data) -> APIError {
        struct Shape: Decodable { let code: String; let reason: String }
        let shape = try? JSONDecoder().decode(Shape.self, from: body)
        return APIError(.init(code: status), code: shape?.code ?? "trading_refused", reason: shape?.reason ?? "the trading system refused the request")
    }

    /// The trading role's `/health`, for the backend's probe: the first instance that answers.
    func probe() async -> (up: Bool, detail: String) {
        for base in urls {
            var request = HTTPClientRequest(url: base + "/health")
            request.method = .GET
            if let response = try? await client.execute(request, timeout: .seconds(2)) {
                _ = try? await response.body.collect(upTo: 64 * 1024)
                if response.status == .ok { return (true, base) }
                return (false, "\(base) answered \(response.status.code)")
            }
        }
        return (false, "no trading instance answers at \(urls.joined(separator: ", "))")
    }
}

extension HTTPTradingGateway {
    /// The active trading instance's process sample (`/trading/internal/process`); nil when no
    /// instance answers. Not through the breaker: monitoring must not trip it, nor be cut by it.
    func processSample() async -> ProcessSample? {
        guard let token = try? await tokens.serviceToken() else { return nil }
        for base in urls {
            var request = HTTPClientRequest(url: base + "/trading/internal/process")
            request.headers.add(name: InternalTradingController.serviceHeader.rawName, value: token)
            guard let response = try? await client.execute(request, timeout: .seconds(5)) else { continue }
            guard response.status == .ok, let body = try? await response.body.collect(upTo: 64 * 1024) else { return nil }
            return try? JSONResponse.decoder.decode(ProcessSample.self, from: Data(buffer: body))
        }
        return nil
    }

    /// Runs one of the trading role's jobs there (`market_data_refresh`, `market_analysis`).
    func runJob(_ task: String, context: JobContext) async throws {
        let body = #"{"job_id":"\#(context.jobId)","run_id":"\#(context.runId.uuidString.lowercased())"}"#
        try await post("/trading/internal/jobs/\(task)", body: ByteBuffer(string: body), timeout: .seconds(60))
    }
}

/// Closes the HTTP client's connections after everything that calls out has stopped.
struct HTTPClientService: Service {
    let client: HTTPClient
    func run() async throws {
        try? await gracefulShutdown()
        try await client.shutdown()
    }
}
