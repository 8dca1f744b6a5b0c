import Metrics

/// Publishes samples as swift-metrics gauges, so `/metrics` exposes the same figures as the API.
public struct SampleGauges: Sendable {
    private let factory: any MetricsFactory

    /// `factory` defaults to the bootstrapped one; tests pass their own.
    public init(factory: any MetricsFactory = MetricsSystem.factory) {
        self.factory = factory
    }

    public func record(_ sample: HostSample) {
        for (name, value) in sample.metricValues {
            Gauge(label: "bourse_\(name)", factory: factory).record(value)
        }
    }

    public func record(_ sample: ProcessSample) {
        let dimensions = [("service", sample.service), ("instance", sample.instance)]
        for (name, value) in sample.metricValues {
            Gauge(label: "bourse_\(name)", dimensions: dimensions, factory: factory).record(value)
        }
    }
}
