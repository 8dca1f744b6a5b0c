import HTTPTypes
import Hummingbird

/// CORS for the origins in `CORS_ORIGINS` (comma-separated, `*` for any). With none
/// configured no CORS headers are sent: the web apps are served from the same origin.
struct CORSPolicyMiddleware<Context: RequestContext>: RouterMiddleware {
    let allowed: [String]

    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        guard !allowed.isEmpty, let origin = request.headers[.origin] else {
            return try await next(request, context)
        }
        let allowAny = allowed.contains("*")
        guard allowAny || allowed.contains(origin) else {
            return try await next(request, context)
        }
        if request.method == .options, request.headers[.accessControlRequestMethod] != nil {
            var headers = HTTPFields()
            headers[.accessControlAllowOrigin] = allowAny ? "*" : origin
            headers[.accessControlAllowMethods] = "GET, POST, PUT, PATCH, DELETE, OPTIONS"
            headers[.accessControlAllowHeaders] = "Authorization, Content-Type"
            headers[.accessControlMaxAge] = "600"
            if !allowAny { headers[.vary] = "Origin" }
            return Response(status: .noContent, headers: headers)
        }
        var response = try await next(request, context)
        response.headers[.accessControlAllowOrigin] = allowAny ? "*" : origin
        response.headers[.accessControlExposeHeaders] = "Retry-After, X-Total-Count"
        if !allowAny { response.headers[.vary] = "Origin" }
        return response
    }
}
