import Hummingbird

/// Records every request in `HTTPMetrics`, labelled by the matched route template so that
/// ids in paths do not explode the number of series.
struct MetricsMiddleware<Context: RequestContext>: RouterMiddleware {
    let metrics: HTTPMetrics

    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        let start = ContinuousClock.now
        do {
            let response = try await next(request, context)
            metrics.record(method: request.method.rawValue, route: context.endpointPath ?? "unmatched",
                           status: response.status.code, duration: ContinuousClock.now - start)
            return response
        } catch {
            let status = (error as? APIError)?.status.code ?? (error as? any HTTPResponseError)?.status.code ?? 500
            metrics.record(method: request.method.rawValue, route: context.endpointPath ?? "unmatched",
                           status: status, duration: ContinuousClock.now - start)
            throw error
        }
    }
}
