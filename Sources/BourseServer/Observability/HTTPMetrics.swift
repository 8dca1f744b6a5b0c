import Prometheus

/// Request counters and latency histograms per route template, in the process's registry.
struct HTTPMetrics: Sendable {
    let registry: PrometheusCollectorRegistry

    static let buckets: [Duration] = [
        .microseconds(250), .microseconds(500), .milliseconds(1), .milliseconds(2), .milliseconds(5), .milliseconds(10),
        .milliseconds(25), .milliseconds(50), .milliseconds(100), .milliseconds(250), .milliseconds(500), .seconds(1), .seconds(5),
    ]

    func record(method: String, route: String, status: Int, duration: Duration) {
        let labels = [("method", method), ("route", route), ("status", String(status))]
        registry.makeCounter(
            descriptor: .init(metricName: "bourse_http_requests_total", helpText: "HTTP requests by method, route template and status"),
            labels: labels
        ).increment()
        registry.makeDurationHistogram(
            descriptor: .init(metricName: "bourse_http_request_duration_seconds", helpText: "HTTP request latency by method and route template"),
            labels: [("method", method), ("route", route)],
            buckets: Self.buckets
        ).record(duration)
    }
}
