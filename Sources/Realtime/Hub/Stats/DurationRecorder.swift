/// Lengths of closed connections: a histogram over all of them and percentiles over the most
/// recent ones (a bounded sample, so memory does not grow with uptime).
struct DurationRecorder: Sendable {
    static let bucketBounds: [Double] = [1, 10, 60, 300, 1800, 3600, 21600]
    static let sampleSize = 1024

    private var buckets = Array(repeating: 0, count: DurationRecorder.bucketBounds.count + 1)
    private var samples: [Double] = []
    private var next = 0
    private var count = 0
    private var maximum = 0.0

    mutating func record(seconds: Double) {
        count += 1
        maximum = max(maximum, seconds)
        let bucket = Self.bucketBounds.firstIndex { seconds <= $0 } ?? Self.bucketBounds.count
        buckets[bucket] += 1
        if samples.count < Self.sampleSize {
            samples.append(seconds)
        } else {
            samples[next] = seconds
            next = (next + 1) % Self.sampleSize
        }
    }

    func summary() -> HubStats.Durations {
        let sorted = samples.sorted()
        func percentile(_ fraction: Double) -> Double {
            guard !sorted.isEmpty else { return 0 }
            let rank = Int((fraction * Double(sorted.count)).rounded(.up))
            return sorted[min(sorted.count - 1, max(0, rank - 1))]
        }
        let histogram = buckets.indices.map { index in
            HubStats.Bucket(
                leSeconds: index < Self.bucketBounds.count ? Self.bucketBounds[index] : nil,
                count: buckets[index]
            )
        }
        return HubStats.Durations(
            count: count,
            p50Seconds: percentile(0.5),
            p95Seconds: percentile(0.95),
            maxSeconds: maximum,
            histogram: histogram
        )
    }
}
