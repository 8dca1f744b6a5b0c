/// The run-queue averages over 1, 5 and 15 minutes, from `/proc/loadavg`.
public struct LoadAverage: Codable, Equatable, Sendable {
    public var one: Double
    public var five: Double
    public var fifteen: Double

    public init(one: Double, five: Double, fifteen: Double) {
        self.one = one
        self.five = five
        self.fifteen = fifteen
    }

    public static let path = "/proc/loadavg"

    public static func parse(_ text: String) throws(HostMetricsError) -> LoadAverage {
        let fields = text.split(whereSeparator: { $0 == " " || $0 == "\n" }).prefix(3).compactMap { Double($0) }
        guard fields.count == 3 else { throw .malformed(path: path, detail: "expected three averages") }
        return LoadAverage(one: fields[0], five: fields[1], fifteen: fields[2])
    }
}
