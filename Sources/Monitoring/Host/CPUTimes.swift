/// Cumulative CPU time of one core (or of all cores) in clock ticks, from a `cpu` line of `/proc/stat`.
public struct CPUTimes: Equatable, Sendable {
    public var user: UInt64
    public var nice: UInt64
    public var system: UInt64
    public var idle: UInt64
    public var iowait: UInt64
    public var irq: UInt64
    public var softirq: UInt64
    public var steal: UInt64

    public init(
        user: UInt64, nice: UInt64, system: UInt64, idle: UInt64,
        iowait: UInt64 = 0, irq: UInt64 = 0, softirq: UInt64 = 0, steal: UInt64 = 0
    ) {
        self.user = user
        self.nice = nice
        self.system = system
        self.idle = idle
        self.iowait = iowait
        self.irq = irq
        self.softirq = softirq
        self.steal = steal
    }

    /// Guest time is left out: the kernel already counts it inside `user` and `nice`.
    public var total: UInt64 { user + nice + system + idle + iowait + irq + softirq + steal }

    /// Waiting on I/O is idle from the CPU's point of view, as `top` counts it.
    public var idleTotal: UInt64 { idle + iowait }

    /// Busy share of the time between `previous` and `self`, 0–100; 0 when no tick elapsed or
    /// the counters went backwards (a CPU brought offline and back resets its line).
    public func usagePercent(since previous: CPUTimes) -> Double {
        guard total > previous.total, idleTotal >= previous.idleTotal else { return 0 }
        let elapsed = Double(total - previous.total)
        let idled = Double(idleTotal - previous.idleTotal)
        return min(100, max(0, (elapsed - idled) / elapsed * 100))
    }
}
