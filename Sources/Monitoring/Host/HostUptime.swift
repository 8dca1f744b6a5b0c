/// Seconds since the host booted, from the first field of `/proc/uptime`.
public enum HostUptime {
    public static let path = "/proc/uptime"

    public static func parse(_ text: String) throws(HostMetricsError) -> Double {
        guard let first = text.split(whereSeparator: { $0 == " " || $0 == "\n" }).first,
              let seconds = Double(first) else {
            throw .malformed(path: path, detail: "no uptime")
        }
        return seconds
    }
}
