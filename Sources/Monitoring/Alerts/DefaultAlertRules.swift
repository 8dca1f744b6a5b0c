/// The rules every deployment starts with.
public enum DefaultAlertRules {
    /// Any probed service down, as soon as a health check sees it.
    public static let serviceDown = AlertRule(
        id: "service_down", name: "A service is down",
        metric: MetricName.serviceDownCount, op: .greaterThan, threshold: 0,
        forSeconds: 0, severity: .critical
    )

    /// A short spike is normal under load; a full minute over 90% is not.
    public static let highCPU = AlertRule(
        id: "host_cpu_high", name: "CPU over 90% for 1 minute",
        metric: MetricName.hostCPUPercent, op: .greaterThan, threshold: 90,
        forSeconds: 60, severity: .warning
    )

    public static let lowDisk = AlertRule(
        id: "host_disk_low", name: "Disk under 10% free",
        metric: MetricName.hostDiskFreePercent, op: .lessThan, threshold: 10,
        forSeconds: 0, severity: .critical
    )

    /// Fires while the hub has dropped any slow consumer within the last minute.
    public static let webSocketDrops = AlertRule(
        id: "ws_drops_rising", name: "WebSocket drops rising",
        metric: "rate(\(MetricName.wsDroppedTotal)[60s])", op: .greaterThan, threshold: 0,
        forSeconds: 0, severity: .warning
    )

    public static let all = [serviceDown, highCPU, lowDisk, webSocketDrops]
}
