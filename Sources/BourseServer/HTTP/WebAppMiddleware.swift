import Foundation
import Hummingbird
import Logging

/// Serves the two web apps from `Public/`: `/` is the trading client, `/admin/` the admin
/// console, and `/shared/`, `/client/`, `/admin/` their files. Only those prefixes touch the
/// file system, so API requests never pay for a file lookup.
struct WebAppMiddleware<Context: RequestContext>: RouterMiddleware {
    let files: FileMiddleware<Context, LocalFileSystem>
    let root: String

    static var prefixes: [String] { ["/shared/", "/client/", "/admin/"] }

    init(root: String, logger: Logger) {
        self.root = root
        self.files = FileMiddleware(root, cacheControl: .init([(.text, [.noCache])]), searchForIndexHtml: true, logger: logger)
    }

    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        guard request.method == .get || request.method == .head else { return try await next(request, context) }
        let path = request.uri.path
        if path == "/" || path == "/index.html" {
            return try await serve("/client/index.html", request: request, context: context, next: next)
        }
        if path == "/admin" {
            return Response(status: .movedPermanently, headers: [.location: "/admin/"])
        }
        guard Self.prefixes.contains(where: path.hasPrefix) else { return try await next(request, context) }
        return try await files.handle(request, context: context, next: next)
    }

    private func serve(_ path: String, request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        var head = request.head
        head.path = path
        return try await files.handle(Request(head: head, body: request.body), context: context, next: next)
    }
}
