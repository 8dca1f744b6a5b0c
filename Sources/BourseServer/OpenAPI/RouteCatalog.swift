import HTTPTypes
import Hummingbird
import NIOConcurrencyHelpers

/// The docs of every registered route, read by `/openapi.json`.
final class RouteDocs: Sendable {
    private let box = NIOLockedValueBox<[RouteDoc]>([])
    var all: [RouteDoc] { box.withLockedValue { $0 } }
    func append(_ doc: RouteDoc) { box.withLockedValue { $0.append(doc) } }
}

/// Registers routes on the router and records their docs, so the OpenAPI document lists
/// exactly the routes that exist.
struct RouteCatalog {
    let router: Router<BourseRequestContext>
    let docs = RouteDocs()

    /// Adds a route whose handler gets the request, its context and its own doc (for the
    /// accepted body fields).
    func add(_ doc: RouteDoc, _ handler: @escaping @Sendable (Request, BourseRequestContext, RouteDoc) async throws -> Response) {
        docs.append(doc)
        router.on(RouterPath(doc.path), method: doc.method) { request, context in
            try await handler(request, context, doc)
        }
    }
}
