/// The last `capacity` values with their running sum and sum of squared deviations.
///
/// Running sums drift in floating point, so each time the ring wraps the sums are recomputed
/// exactly from the buffer: O(capacity) once every `capacity` pushes keeps each push O(1)
/// amortised while bounding the drift to one lap. The squared deviations are kept by the sliding
/// Welford update rather than as a sum of squares, which would cancel catastrophically for prices
/// far from zero with a small spread.
struct SlidingWindow: Hashable, Sendable {
    let capacity: Int
    private var buffer: [Double]
    private var head = 0
    private(set) var count = 0
    private(set) var sum = 0.0
    /// Σ (x − mean)² over the window.
    private(set) var squaredDeviations = 0.0

    init(capacity: Int) {
        precondition(capacity >= 1, "a window holds at least one value")
        self.capacity = capacity
        self.buffer = Array(repeating: 0, count: capacity)
    }

    var isFull: Bool { count == capacity }
    var mean: Double { sum / Double(count) }

    mutating func push(_ x: Double) {
        if count < capacity {
            let oldMean = count == 0 ? 0 : mean
            count += 1
            sum += x
            squaredDeviations += (x - oldMean) * (x - mean)
        } else {
            let old = buffer[head]
            let oldMean = mean
            sum += x - old
            squaredDeviations += (x - old) * (x - mean + old - oldMean)
        }
        buffer[head] = x
        head += 1
        if head == capacity {
            head = 0
            resynchronise()
        }
    }

    /// Recomputes both sums from the buffer (two passes, the numerically stable way).
    private mutating func resynchronise() {
        var s = 0.0
        for i in 0..<count { s += buffer[i] }
        let m = s / Double(count)
        var d = 0.0
        for i in 0..<count { d += (buffer[i] - m) * (buffer[i] - m) }
        sum = s
        squaredDeviations = d
    }
}
