/// One reading of a process's counters; two of them make a `ProcessSample`.
public struct ProcessReading: Equatable, Sendable {
    /// Nil for the sampler's own process (`/proc/self`).
    public var pid: Int32?
    public var stat: ProcessStat
    public var residentBytes: UInt64
    /// Host uptime at the same moment, to turn the start time into the process's uptime.
    public var hostUptimeSeconds: Double

    public init(pid: Int32?, stat: ProcessStat, residentBytes: UInt64, hostUptimeSeconds: Double) {
        self.pid = pid
        self.stat = stat
        self.residentBytes = residentBytes
        self.hostUptimeSeconds = hostUptimeSeconds
    }
}
