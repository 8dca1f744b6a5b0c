import Foundation

/// Takes readings of the host and of one process from `/proc`, and turns two readings into samples.
public struct MetricsSampler: Sendable {
    public var reader: SystemReader
    /// The path whose file system is reported (the data directory).
    public var diskPath: String
    /// The process to report; nil for the sampler's own process.
    public var pid: Int32?
    public var service: String
    public var instance: String
    /// Loopback traffic is the process talking to itself (nginx, Redis, PostgreSQL on one host)
    /// and would hide the traffic that leaves the machine.
    public var excludeLoopback: Bool

    public init(
        reader: SystemReader = .live(),
        diskPath: String,
        pid: Int32? = nil,
        service: String,
        instance: String,
        excludeLoopback: Bool = true
    ) {
        self.reader = reader
        self.diskPath = diskPath
        self.pid = pid
        self.service = service
        self.instance = instance
        self.excludeLoopback = excludeLoopback
    }

    public func readHost() throws(HostMetricsError) -> HostReading {
        HostReading(
            cpu: try CPUStat.parse(try read(CPUStat.path)),
            memory: try MemoryInfo.parse(try read(MemoryInfo.path)),
            network: try NetworkCounters.parse(try read(NetworkCounters.path)),
            load: try LoadAverage.parse(try read(LoadAverage.path)),
            uptimeSeconds: try HostUptime.parse(try read(HostUptime.path)),
            disk: DiskUsage(path: diskPath, stats: try fileSystemStats())
        )
    }

    public func readProcess() throws(HostMetricsError) -> ProcessReading {
        let statPath = ProcessStat.path(pid: pid)
        let statusPath = ProcessStatus.path(pid: pid)
        return ProcessReading(
            pid: pid,
            stat: try ProcessStat.parse(try read(statPath), path: statPath),
            residentBytes: try ProcessStatus.residentBytes(try read(statusPath), path: statusPath),
            hostUptimeSeconds: try HostUptime.parse(try read(HostUptime.path))
        )
    }

    /// Rates are the counter differences divided by `elapsedSeconds`; gauges come from `current`.
    public func hostSample(from previous: HostReading, to current: HostReading, elapsedSeconds: Double, at time: Date) -> HostSample {
        let cores = current.cpu.cores.enumerated().map { index, times in
            index < previous.cpu.cores.count ? times.usagePercent(since: previous.cpu.cores[index]) : 0
        }
        let before = Dictionary(previous.network.map { ($0.interface, $0) }, uniquingKeysWith: { first, _ in first })
        let interfaces = current.network
            .filter { !(excludeLoopback && $0.interface == "lo") }
            .map { counters in
                let old = before[counters.interface]
                return HostSample.NetworkRate(
                    interface: counters.interface,
                    inBytesPerSecond: Self.rate(old?.receivedBytes, counters.receivedBytes, elapsedSeconds),
                    outBytesPerSecond: Self.rate(old?.sentBytes, counters.sentBytes, elapsedSeconds)
                )
            }
        return HostSample(
            takenAt: time,
            intervalSeconds: elapsedSeconds,
            cpuPercent: current.cpu.total.usagePercent(since: previous.cpu.total),
            cpuCoresPercent: cores,
            memory: HostSample.Memory(
                totalBytes: current.memory.totalBytes,
                availableBytes: current.memory.availableBytes,
                usedPercent: current.memory.usedPercent
            ),
            disk: current.disk,
            network: HostSample.NetworkRate(
                interface: "all",
                inBytesPerSecond: interfaces.reduce(0) { $0 + $1.inBytesPerSecond },
                outBytesPerSecond: interfaces.reduce(0) { $0 + $1.outBytesPerSecond }
            ),
            interfaces: interfaces,
            loadAverage: current.load,
            uptimeSeconds: current.uptimeSeconds
        )
    }

    /// `coreCount` is the host's number of cores, to express the process's CPU as a share of the host.
    public func processSample(
        from previous: ProcessReading, to current: ProcessReading,
        elapsedSeconds: Double, coreCount: Int, at time: Date
    ) -> ProcessSample {
        let ticks = Double(max(1, reader.clockTicksPerSecond))
        let busySeconds = Double(current.stat.cpuTicks &- min(current.stat.cpuTicks, previous.stat.cpuTicks)) / ticks
        let percent = elapsedSeconds > 0 ? busySeconds / elapsedSeconds * 100 : 0
        let started = Double(current.stat.startTicks) / ticks
        return ProcessSample(
            takenAt: time,
            service: service,
            instance: instance,
            pid: current.pid,
            intervalSeconds: elapsedSeconds,
            cpuPercent: percent,
            cpuPercentOfHost: min(100, percent / Double(max(1, coreCount))),
            residentBytes: current.residentBytes,
            threads: current.stat.threads,
            uptimeSeconds: max(0, current.hostUptimeSeconds - started)
        )
    }

    /// A counter that went backwards was reset (interface re-created), so that interval reads 0
    /// rather than a huge wrapped value.
    static func rate(_ old: UInt64?, _ new: UInt64, _ seconds: Double) -> Double {
        guard let old, new >= old, seconds > 0 else { return 0 }
        return Double(new - old) / seconds
    }

    private func read(_ path: String) throws(HostMetricsError) -> String {
        do {
            return try reader.readFile(path)
        } catch let error as HostMetricsError {
            throw error
        } catch {
            throw .unreadable(path: path, reason: String(describing: error))
        }
    }

    private func fileSystemStats() throws(HostMetricsError) -> FileSystemStats {
        do {
            return try reader.fileSystemStats(diskPath)
        } catch let error as HostMetricsError {
            throw error
        } catch {
            throw .fileSystemUnavailable(path: diskPath, reason: String(describing: error))
        }
    }
}
