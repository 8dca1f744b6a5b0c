import HTTPTypes

/// An error that reaches the client as the contract's JSON shape:
/// `{"error": true, "code": "snake_case_code", "reason": "human sentence"}`.
///
/// Every area throws these (or errors that convert to them in `ErrorMiddleware`), so the
/// mapping from failures to statuses lives in one place.
public struct APIError: Error, Sendable, Equatable {
    public var status: HTTPResponse.Status
    public var code: String
    public var reason: String
    /// Extra response headers, e.g. `Retry-After` on a 429.
    public var headers: HTTPFields

    public init(_ status: HTTPResponse.Status, code: String, reason: String, headers: HTTPFields = [:]) {
        self.status = status
        self.code = code
        self.reason = reason
        self.headers = headers
    }

    public static func badRequest(_ code: String, _ reason: String) -> APIError { .init(.badRequest, code: code, reason: reason) }
    public static func unauthorized(_ code: String = "unauthorized", _ reason: String = "missing or invalid credentials") -> APIError {
        var headers = HTTPFields()
        headers[.wwwAuthenticate] = "Bearer"
        return .init(.unauthorized, code: code, reason: reason, headers: headers)
    }
    public static func forbidden(_ code: String = "forbidden", _ reason: String = "you are not allowed to do this") -> APIError {
        .init(.forbidden, code: code, reason: reason)
    }
    public static func notFound(_ code: String = "not_found", _ reason: String = "no such resource") -> APIError {
        .init(.notFound, code: code, reason: reason)
    }
    public static func conflict(_ code: String, _ reason: String) -> APIError { .init(.conflict, code: code, reason: reason) }
    public static func unprocessable(_ code: String, _ reason: String) -> APIError { .init(.unprocessableContent, code: code, reason: reason) }
    public static func tooManyRequests(retryAfterSeconds: Int, reason: String) -> APIError {
        var headers = HTTPFields()
        headers[.retryAfter] = String(max(1, retryAfterSeconds))
        return .init(.tooManyRequests, code: "rate_limited", reason: reason, headers: headers)
    }
    public static func unavailable(_ code: String, _ reason: String) -> APIError { .init(.serviceUnavailable, code: code, reason: reason) }
}
