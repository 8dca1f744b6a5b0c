/// The resident memory of one process, from the `VmRSS` line of `/proc/<pid>/status`.
public enum ProcessStatus {
    public static func path(pid: Int32?) -> String {
        pid.map { "/proc/\($0)/status" } ?? "/proc/self/status"
    }

    /// Resident set size in bytes; `VmRSS` is absent for kernel threads, which read as 0.
    public static func residentBytes(_ text: String, path: String = "/proc/self/status") throws(HostMetricsError) -> UInt64 {
        for line in text.split(separator: "\n") where line.hasPrefix("VmRSS:") {
            let fields = line.dropFirst("VmRSS:".count).split(whereSeparator: { $0 == " " || $0 == "\t" })
            guard let kilobytes = fields.first.flatMap({ UInt64($0) }) else {
                throw .malformed(path: path, detail: "bad VmRSS line")
            }
            return kilobytes * 1024
        }
        return 0
    }
}
