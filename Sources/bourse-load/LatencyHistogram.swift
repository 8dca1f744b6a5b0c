import Synchronization

/// Latencies in microseconds, in log-linear buckets (64 per power of two, so about 1.5 %
/// precision), safe to record from many tasks. Enough for p50/p99 of millions of samples
/// without keeping them.
final class LatencyHistogram: Sendable {
    private static let subBuckets = 64
    private let counts = Mutex<[Int]>(Array(repeating: 0, count: 64 * 40))

    func record(micros: Int64) {
        let index = Self.bucket(max(0, micros))
        counts.withLock { $0[index] += 1 }
    }

    /// Records a batch at once (one lock per batch on the hot path).
    func record(batch: [Int64]) {
        let indices = batch.map { Self.bucket(max(0, $0)) }
        counts.withLock { counts in for index in indices { counts[index] += 1 } }
    }

    var total: Int { counts.withLock { $0.reduce(0, +) } }

    /// The value at quantile `q` (0...1), in microseconds (the bucket's upper bound).
    func percentile(_ q: Double) -> Int64 {
        let snapshot = counts.withLock { $0 }
        let total = snapshot.reduce(0, +)
        guard total > 0 else { return 0 }
        let rank = Int((Double(total) * q).rounded(.up))
        var seen = 0
        for (index, count) in snapshot.enumerated() {
            seen += count
            if seen >= max(1, rank) { return Self.upperBound(index) }
        }
        return Self.upperBound(snapshot.count - 1)
    }

    static func bucket(_ value: Int64) -> Int {
        if value < Int64(subBuckets) { return Int(value) }
        let exponent = 63 - value.leadingZeroBitCount - 5 // value >> exponent is in 32..<64
        let index = exponent * 32 + Int(value >> exponent)
        return min(index, 64 * 40 - 1)
    }

    static func upperBound(_ index: Int) -> Int64 {
        if index < subBuckets { return Int64(index) }
        let exponent = (index - 32) / 32
        let mantissa = Int64(index - exponent * 32)
        return ((mantissa + 1) << exponent) - 1
    }
}

/// Milliseconds with two decimals, for the tables.
func millis(_ micros: Int64) -> String {
    let value = Double(micros) / 1000
    return String(format: "%.2f ms", value)
}
