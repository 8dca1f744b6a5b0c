/// Cumulative bytes received and sent by one interface, from `/proc/net/dev`.
public struct NetworkCounters: Equatable, Sendable {
    public var interface: String
    public var receivedBytes: UInt64
    public var sentBytes: UInt64

    public init(interface: String, receivedBytes: UInt64, sentBytes: UInt64) {
        self.interface = interface
        self.receivedBytes = receivedBytes
        self.sentBytes = sentBytes
    }

    public static let path = "/proc/net/dev"

    /// Parses every interface line; the two header lines have a `|` and are skipped.
    ///
    /// The name is split at the colon rather than at whitespace because the kernel glues large
    /// counters to it (`eth0:123456789`).
    public static func parse(_ text: String) throws(HostMetricsError) -> [NetworkCounters] {
        var result: [NetworkCounters] = []
        for line in text.split(separator: "\n") where !line.contains("|") {
            guard let colon = line.firstIndex(of: ":") else { continue }
            let name = line[..<colon].trimmingSpaces()
            let fields = line[line.index(after: colon)...].split(separator: " ").compactMap { UInt64($0) }
            guard !name.isEmpty, fields.count >= 9 else {
                throw .malformed(path: path, detail: "bad line \"\(line)\"")
            }
            // Receive columns come first (bytes is column 0), then transmit (bytes is column 8).
            result.append(NetworkCounters(interface: name, receivedBytes: fields[0], sentBytes: fields[8]))
        }
        return result
    }
}
