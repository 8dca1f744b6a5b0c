/// The aggregate and per-core CPU times of one reading of `/proc/stat`.
public struct CPUStat: Equatable, Sendable {
    public var total: CPUTimes
    /// Indexed by core number (`cpu0`, `cpu1`, …).
    public var cores: [CPUTimes]

    public init(total: CPUTimes, cores: [CPUTimes]) {
        self.total = total
        self.cores = cores
    }

    public static let path = "/proc/stat"

    /// Parses the `cpu` and `cpuN` lines; other lines (intr, ctxt, btime, …) are ignored.
    public static func parse(_ text: String) throws(HostMetricsError) -> CPUStat {
        var total: CPUTimes?
        var cores: [Int: CPUTimes] = [:]
        for line in text.split(separator: "\n") where line.hasPrefix("cpu") {
            let fields = line.split(separator: " ", omittingEmptySubsequences: true)
            guard let name = fields.first else { continue }
            let numbers = fields.dropFirst().map { UInt64($0) }
            guard numbers.count >= 4, numbers.allSatisfy({ $0 != nil }) else {
                throw .malformed(path: path, detail: "bad line \"\(line)\"")
            }
            let values = numbers.map { $0! } + Array(repeating: 0, count: max(0, 8 - numbers.count))
            let times = CPUTimes(
                user: values[0], nice: values[1], system: values[2], idle: values[3],
                iowait: values[4], irq: values[5], softirq: values[6], steal: values[7]
            )
            if name == "cpu" {
                total = times
            } else if let index = Int(name.dropFirst(3)) {
                cores[index] = times
            }
        }
        guard let total else { throw .malformed(path: path, detail: "no aggregate cpu line") }
        return CPUStat(total: total, cores: cores.keys.sorted().map { cores[$0]! })
    }
}
