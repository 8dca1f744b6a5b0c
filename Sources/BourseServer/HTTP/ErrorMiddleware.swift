import Foundation
import HTTPTypes
import Hummingbird
import Logging

/// Turns every thrown error into the contract's error JSON, so no route can leak a stack trace
/// or a framework's own error format, and unexpected failures become a logged 500 that says
/// nothing about internals.
struct ErrorMiddleware<Context: RequestContext>: RouterMiddleware {
    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        do {
            return try await next(request, context)
        } catch let error as APIError {
            return Self.response(for: error)
        } catch let error as any HTTPResponseError {
            // Hummingbird's own errors: unknown route (404), method not allowed, body too large.
            var response = Self.response(for: Self.translate(status: error.status))
            // Keep headers such as `Allow` on a 405, but not the original body's.
            if let original = try? error.response(from: request, context: context) {
                for field in original.headers where field.name != .contentType && field.name != .contentLength {
                    response.headers.append(field)
                }
            }
            return response
        } catch where Storage.isUnavailable(error) {
            // Not a bug of this request: the database is down or unreachable. Say so, as a 503
            // the client may retry, and log it once per request without the internals.
            context.logger.warning("database unavailable", metadata: ["error.type": "\(type(of: error))"])
            return Self.response(for: .unavailable("database_unavailable", "the database is not answering; try again shortly"))
        } catch {
            context.logger.error("unhandled error", metadata: ["error.type": "\(type(of: error))", "error": "\(String(reflecting: error))"])
            return Self.response(for: APIError(.internalServerError, code: "internal_error", reason: "the server failed to handle this request"))
        }
    }

    static func translate(status: HTTPResponse.Status) -> APIError {
        switch status {
        case .notFound: return .notFound("not_found", "no route matches this path")
        case .methodNotAllowed: return APIError(.methodNotAllowed, code: "method_not_allowed", reason: "this path does not accept that method")
        case .contentTooLarge: return APIError(.contentTooLarge, code: "body_too_large", reason: "the request body is too large")
        case .unauthorized: return .unauthorized()
        case .badRequest: return .badRequest("bad_request", "the request is malformed")
        default:
            return APIError(status, code: status.reasonPhrase.lowercased().replacingOccurrences(of: " ", with: "_"), reason: status.reasonPhrase)
        }
    }

    static func response(for error: APIError) -> Response {
        var headers = error.headers
        headers[.contentType] = "application/json; charset=utf-8"
        let body = ErrorBody(error: true, code: error.code, reason: error.reason)
        let data = (try? JSONResponse.encoder.encode(body)) ?? Data(#"{"error":true,"code":"internal_error","reason":"encoding failed"}"#.utf8)
        return Response(status: error.status, headers: headers, body: .init(byteBuffer: ByteBuffer(bytes: data)))
    }

    private struct ErrorBody: Encodable {
        let error: Bool
        let code: String
        let reason: String
    }
}
