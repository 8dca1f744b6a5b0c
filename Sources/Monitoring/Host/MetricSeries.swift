import Foundation

/// A time series for charts that forgets points older than `maxAge` and keeps at most `maxPoints`.
public struct MetricSeries<Value: Sendable>: Sendable {
    public let maxAge: TimeInterval
    public let maxPoints: Int
    private var ring: RingBuffer<MetricPoint<Value>>

    public init(maxAge: TimeInterval, maxPoints: Int) {
        precondition(maxAge > 0 && maxPoints > 0, "a series must keep something")
        self.maxAge = maxAge
        self.maxPoints = maxPoints
        ring = RingBuffer(capacity: maxPoints)
    }

    public var count: Int { ring.count }
    public var latest: MetricPoint<Value>? { ring.last }

    /// Appends a point and drops what has aged out relative to it; points are expected in time order.
    public mutating func append(_ value: Value, at time: Date) {
        ring.append(MetricPoint(at: time, value: value))
        prune(now: time)
    }

    /// Drops points older than `maxAge` before `now`, for readers between appends.
    public mutating func prune(now: Date) {
        let cutoff = now.addingTimeInterval(-maxAge)
        while let oldest = ring.first, oldest.at < cutoff {
            ring.removeFirst()
        }
    }

    /// Points at or after `since` (all when nil), oldest first, at most the newest `limit`.
    public func points(since: Date? = nil, limit: Int? = nil) -> [MetricPoint<Value>] {
        var result = ring.elements
        if let since { result.removeAll { $0.at < since } }
        if let limit, result.count > limit { result.removeFirst(result.count - limit) }
        return result
    }
}
