@testable import BourseServer
import Foundation
import HummingbirdTesting
import Testing

@Suite("Health, metrics, OpenAPI")
struct SystemRoutesTests {
    @Test("GET /health answers without auth")
    func health() async throws {
        try await TestApp.run { client, _ in
            let health = try await client.send(.get, "/health")
            #expect(health.status == .ok)
            #expect(health.string("status") == "up")
            #expect(health.string("role") == "all")
        }
    }

    @Test("GET /metrics exposes request counters and latency histograms per route template")
    func metrics() async throws {
        try await TestApp.run { client, _ in
            let trader = try await client.trader("metrics@example.com")
            _ = try await client.send(.get, "/api/admin/users/\(trader.id)", token: trader.access)
            let metrics = try await client.send(.get, "/metrics")
            #expect(metrics.status == .ok)
            #expect(metrics.headers[.contentType]?.hasPrefix("text/plain") == true)
            #expect(metrics.text.contains(#"bourse_http_requests_total{method="POST",route="/api/auth/register",status="201"} 1"#))
            #expect(metrics.text.contains(#"route="/api/admin/users/{id}",status="403""#))
            #expect(metrics.text.contains("bourse_http_request_duration_seconds_bucket"))
            #expect(!metrics.text.contains(trader.id))
        }
    }

    @Test("GET /openapi.json describes exactly the registered routes")
    func openAPI() async throws {
        try await TestApp.run { client, _ in
            let document = try await client.send(.get, "/openapi.json")
            #expect(document.status == .ok)
            #expect(document.string("openapi") == "3.1.0")
            let paths = try #require(document["paths"] as? [String: [String: Any]])
            let expected: [String: Set<String>] = [
                "/health": ["get"], "/metrics": ["get"], "/openapi.json": ["get"],
                "/api/auth/register": ["post"], "/api/auth/login": ["post"], "/api/auth/refresh": ["post"],
                "/api/auth/logout": ["post"], "/api/auth/me": ["get"],
                "/api/account": ["get"], "/api/account/activities": ["get"], "/api/account/reset": ["post"],
                "/api/admin/users": ["get"], "/api/admin/users/{id}": ["get", "patch"],
                "/api/admin/accounts/{user_id}/deposit": ["post"],
                "/market/instruments": ["get"], "/market/status": ["get"], "/market/quotes": ["get"],
                "/market/quotes/{symbol}": ["get"], "/market/{symbol}/candles": ["get"], "/market/{symbol}/book": ["get"],
                "/market/{symbol}/trades": ["get"], "/market/control": ["get"], "/market/control/{symbol}": ["put"],
                "/market/control/{symbol}/events": ["post"], "/market/control/halt": ["post"], "/market/control/resume": ["post"],
                "/market/control/audit": ["get"],
                "/trading/orders": ["post", "get", "delete"], "/trading/orders/{id}": ["get", "delete"], "/trading/fills": ["get"],
                "/api/portfolio/positions": ["get"], "/api/portfolio/history": ["get"],
                "/api/ws/stats": ["get"], "/api/ws/push/broadcast": ["post"], "/api/ws/push/notification": ["post"],
                "/api/ws/push/market": ["post"], "/api/ws/push/signal": ["post"], "/api/ws/push/alert": ["post"],
                "/trading/signals": ["get"], "/api/reports": ["get"], "/api/reports/{id}": ["get"],
                "/api/scheduler/status": ["get"], "/api/scheduler/jobs": ["get", "post"], "/api/scheduler/jobs/{job_id}": ["get", "delete"],
                "/api/monitoring/health/summary": ["get"], "/api/monitoring/redis/health": ["get"], "/api/monitoring/db/health": ["get"],
                "/api/monitoring/websocket/stats": ["get"], "/api/monitoring/metrics": ["get"], "/api/monitoring/logs": ["get"],
                "/api/monitoring/alerts": ["get", "post"], "/api/monitoring/alerts/{id}/ack": ["post"], "/api/monitoring/alerts/{id}/resolve": ["post"],
                "/api/scheduler/jobs/{job_id}/pause": ["post"], "/api/scheduler/jobs/{job_id}/resume": ["post"], "/api/scheduler/jobs/{job_id}/run": ["post"],
                // Between the roles of the services shape (service token only).
                "/trading/internal/accounts/{account_id}/deposit": ["post"], "/trading/internal/accounts/{account_id}/reset": ["post"],
                "/trading/internal/jobs/{task}": ["post"],
                "/trading/internal/process": ["get"],
            ]
            #expect(Set(paths.keys) == Set(expected.keys))
            for (path, methods) in expected {
                #expect(Set(paths[path]?.keys.map { $0 } ?? []) == methods, "methods of \(path)")
            }
            let register = try #require(paths["/api/auth/register"]?["post"] as? [String: Any])
            let schema = ((register["requestBody"] as? [String: Any])?["content"] as? [String: Any])?["application/json"] as? [String: Any]
            let properties = (schema?["schema"] as? [String: Any])?["properties"] as? [String: Any]
            #expect(Set(properties?.keys.map { $0 } ?? []) == ["email", "password", "display_name"])
        }
    }

    @Test("the server works over a real socket (.live)")
    func liveServer() async throws {
        try await TestApp.run(.live) { client, fixture in
            let trader = try await client.trader("live@example.com")
            let account = try await client.send(.get, "/api/account", token: trader.access)
            #expect(account.string("cash") == "100000.00")
            #expect(fixture.announcements.lines.contains { $0.contains("is running at http://127.0.0.1:") })
        }
    }
}
