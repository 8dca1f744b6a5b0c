/// Names of the values in a metric snapshot, shared by samples, health summaries and alert rules.
public enum MetricName {
    public static let hostCPUPercent = "host_cpu_percent"
    public static let hostMemoryUsedPercent = "host_memory_used_percent"
    public static let hostDiskUsedPercent = "host_disk_used_percent"
    public static let hostDiskFreePercent = "host_disk_free_percent"
    public static let hostNetworkInBytesPerSecond = "host_network_in_bytes_per_s"
    public static let hostNetworkOutBytesPerSecond = "host_network_out_bytes_per_s"
    public static let hostLoad1 = "host_load1"
    public static let processCPUPercent = "process_cpu_percent"
    public static let processResidentBytes = "process_rss_bytes"
    public static let serviceDownCount = "service_down_count"
    public static let serviceDegradedCount = "service_degraded_count"
    /// Counter the server feeds from the WebSocket hub's stats.
    public static let wsDroppedTotal = "ws_dropped_total"
    public static let wsConnections = "ws_connections"
}
