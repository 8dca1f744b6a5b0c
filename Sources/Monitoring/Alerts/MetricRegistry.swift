/// The metric names alert rules may use, and whether each is a gauge or a counter.
public struct MetricRegistry: Equatable, Sendable {
    /// How a metric behaves over time; only counters may be used inside `rate(…)`.
    public enum Kind: String, Codable, Sendable {
        /// A level that goes up and down (CPU percent, a count of services down).
        case gauge
        /// A running total that only grows, except when its process restarts.
        case counter
    }

    public private(set) var kinds: [String: Kind]

    public init(_ kinds: [String: Kind] = [:]) {
        self.kinds = kinds
    }

    public mutating func register(_ name: String, as kind: Kind) {
        kinds[name] = kind
    }

    public func kind(of name: String) -> Kind? { kinds[name] }

    public var names: [String] { kinds.keys.sorted() }

    /// Everything this library's samples and health summary produce, plus the WebSocket figures
    /// the server feeds from the hub's stats.
    public static let standard = MetricRegistry([
        MetricName.hostCPUPercent: .gauge,
        MetricName.hostMemoryUsedPercent: .gauge,
        MetricName.hostDiskUsedPercent: .gauge,
        MetricName.hostDiskFreePercent: .gauge,
        MetricName.hostNetworkInBytesPerSecond: .gauge,
        MetricName.hostNetworkOutBytesPerSecond: .gauge,
        MetricName.hostLoad1: .gauge,
        MetricName.processCPUPercent: .gauge,
        MetricName.processResidentBytes: .gauge,
        MetricName.serviceDownCount: .gauge,
        MetricName.serviceDegradedCount: .gauge,
        MetricName.wsConnections: .gauge,
        MetricName.wsDroppedTotal: .counter,
    ])
}
