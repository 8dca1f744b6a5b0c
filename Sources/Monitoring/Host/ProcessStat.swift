/// CPU times, thread count and start time of one process, from `/proc/<pid>/stat`.
public struct ProcessStat: Equatable, Sendable {
    /// User plus system CPU time, in clock ticks.
    public var cpuTicks: UInt64
    public var threads: Int
    /// When the process started, in clock ticks after boot.
    public var startTicks: UInt64

    public init(cpuTicks: UInt64, threads: Int, startTicks: UInt64) {
        self.cpuTicks = cpuTicks
        self.threads = threads
        self.startTicks = startTicks
    }

    public static func path(pid: Int32?) -> String {
        pid.map { "/proc/\($0)/stat" } ?? "/proc/self/stat"
    }

    /// Fields are counted after the last `)`, because the command name in parentheses may itself
    /// contain spaces and parentheses.
    public static func parse(_ text: String, path: String = "/proc/self/stat") throws(HostMetricsError) -> ProcessStat {
        guard let close = text.lastIndex(of: ")") else {
            throw .malformed(path: path, detail: "no command name")
        }
        // After ")" comes field 3 (state); field n of proc(5) is therefore at index n - 3.
        let fields = text[text.index(after: close)...].split(whereSeparator: { $0 == " " || $0 == "\n" })
        func number(_ field: Int) -> UInt64? {
            let index = field - 3
            return index < fields.count ? UInt64(fields[index]) : nil
        }
        guard let utime = number(14), let stime = number(15), let threads = number(20), let start = number(22) else {
            throw .malformed(path: path, detail: "too few fields")
        }
        return ProcessStat(cpuTicks: utime + stime, threads: Int(threads), startTicks: start)
    }
}
