/// The mean of the last `period` observations.
public struct SimpleMovingAverage: StreamingIndicator, Hashable {
    public let period: Int
    private var window: SlidingWindow

    public init(period: Int) {
        precondition(period >= 1, "SMA period must be at least 1")
        self.period = period
        self.window = SlidingWindow(capacity: period)
    }

    public var warmUpCount: Int { period }

    public var value: Double? { window.isFull ? window.mean : nil }

    @discardableResult
    public mutating func update(_ x: Double) -> Double? {
        window.push(x)
        return value
    }
}
