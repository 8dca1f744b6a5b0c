import Foundation
import Testing
@testable import Monitoring

@Suite struct HealthSummaryTests {
    let at = Date(timeIntervalSince1970: 1_767_225_600)

    func result(_ service: String, _ status: ProbeStatus) -> ProbeResult {
        ProbeResult(service: service, instance: "i", status: status, responseMs: 3, checkedAt: at)
    }

    @Test func worstStatusWinsAndNotConfiguredDoesNotCount() {
        #expect(HealthSummary(results: [result("a", .up), result("redis", .notConfigured)], checkedAt: at).status == .up)
        #expect(HealthSummary(results: [result("a", .up), result("b", .degraded)], checkedAt: at).status == .degraded)
        #expect(HealthSummary(results: [result("a", .down), result("b", .degraded)], checkedAt: at).status == .down)
        #expect(HealthSummary(results: [], checkedAt: at).status == .up)
    }

    @Test func countsFeedTheServiceDownRule() {
        let summary = HealthSummary(results: [result("a", .down), result("b", .down), result("c", .degraded)], checkedAt: at)
        #expect(summary.metricValues == [MetricName.serviceDownCount: 2, MetricName.serviceDegradedCount: 1])
    }

    @Test func resultEncodesWithTheAPIKeys() throws {
        var probe = result("redis", .notConfigured)
        probe.uptimeS = 12
        let json = try #require(try JSONSerialization.jsonObject(with: JSONEncoder().encode(probe)) as? [String: Any])
        #expect(json["status"] as? String == "not_configured")
        #expect(json["response_ms"] as? Double == 3)
        #expect(json["uptime_s"] as? Double == 12)
        #expect(json["checked_at"] != nil)
    }
}
