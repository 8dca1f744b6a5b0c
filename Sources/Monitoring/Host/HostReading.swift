/// One reading of the host's counters and gauges; two of them make a `HostSample`.
public struct HostReading: Equatable, Sendable {
    public var cpu: CPUStat
    public var memory: MemoryInfo
    public var network: [NetworkCounters]
    public var load: LoadAverage
    public var uptimeSeconds: Double
    public var disk: DiskUsage

    public init(
        cpu: CPUStat, memory: MemoryInfo, network: [NetworkCounters],
        load: LoadAverage, uptimeSeconds: Double, disk: DiskUsage
    ) {
        self.cpu = cpu
        self.memory = memory
        self.network = network
        self.load = load
        self.uptimeSeconds = uptimeSeconds
        self.disk = disk
    }
}
