/// Events per second over a sliding window of whole seconds, in fixed memory.
struct RateWindow: Sendable {
    let seconds: Int
    private var counts: [Int]
    private var stamps: [Int64]

    init(seconds: Int) {
        self.seconds = max(1, seconds)
        // One slot more than the window: the current, still-filling second is not reported.
        counts = Array(repeating: 0, count: self.seconds + 1)
        stamps = Array(repeating: -1, count: self.seconds + 1)
    }

    mutating func record(_ count: Int, nowMicros: Int64) {
        let second = Self.second(nowMicros)
        let slot = Int(second % Int64(counts.count))
        if stamps[slot] != second {
            stamps[slot] = second
            counts[slot] = 0
        }
        counts[slot] += count
    }

    /// The mean rate over the last `seconds` complete seconds before `nowMicros`.
    func perSecond(nowMicros: Int64) -> Double {
        let current = Self.second(nowMicros)
        var total = 0
        for slot in counts.indices where stamps[slot] >= current - Int64(seconds) && stamps[slot] < current {
            total += counts[slot]
        }
        return Double(total) / Double(seconds)
    }

    private static func second(_ micros: Int64) -> Int64 {
        micros >= 0 ? micros / 1_000_000 : (micros - 999_999) / 1_000_000
    }
}
