import Foundation
import Hummingbird
import Prometheus

/// `/health`, `/metrics` and `/openapi.json`: answered by every role.
struct SystemController {
    let role: ServerRole
    let registry: PrometheusCollectorRegistry
    let storage: Storage
    let startedAt: Date
    let now: @Sendable () -> Date

    static let version = "0.1.0"

    func register(in catalog: RouteCatalog) {
        let docs = catalog.docs
        catalog.add(RouteDoc(method: .get, path: "/health", summary: "Liveness: the process answers and its database responds",
                             tag: "system", access: .anonymous, errorStatuses: [503])) { _, _, _ in
            let checkStart = ContinuousClock.now
            do {
                try await storage.ping()
            } catch {
                throw APIError.unavailable("database_unavailable", "the database does not answer")
            }
            let elapsed = ContinuousClock.now - checkStart
            let millis = Double(elapsed.components.seconds) * 1000 + Double(elapsed.components.attoseconds) / 1e15
            return try JSONResponse.make(Health(
                status: "up", role: role.rawValue, version: Self.version,
                uptimeS: Int(now().timeIntervalSince(startedAt)), databaseMs: (millis * 100).rounded() / 100))
        }

        catalog.add(RouteDoc(method: .get, path: "/metrics", summary: "Prometheus text exposition", tag: "system", access: .anonymous)) { _, _, _ in
            var headers = HTTPFields()
            headers[.contentType] = "text/plain; version=0.0.4; charset=utf-8"
            return Response(status: .ok, headers: headers, body: .init(byteBuffer: ByteBuffer(bytes: registry.emitToBuffer())))
        }

        catalog.add(RouteDoc(method: .get, path: "/openapi.json", summary: "This document", tag: "system", access: .anonymous)) { _, _, _ in
            let document = OpenAPIDocument.render(routes: docs.all, title: "Bourse \(role.rawValue) API", version: Self.version)
            let data = try JSONSerialization.data(withJSONObject: document, options: [.sortedKeys, .withoutEscapingSlashes])
            var headers = HTTPFields()
            headers[.contentType] = "application/json; charset=utf-8"
            return Response(status: .ok, headers: headers, body: .init(byteBuffer: ByteBuffer(bytes: data)))
        }
    }

    struct Health: Encodable {
        let status: String
        let role: String
        let version: String
        let uptimeS: Int
        let databaseMs: Double
        enum CodingKeys: String, CodingKey { case status, role, version, uptimeS = "uptime_s", databaseMs = "database_ms" }
    }
}
