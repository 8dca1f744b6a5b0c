import Foundation

/// Per-second rates of counters, computed from the successive snapshots given to the evaluator.
///
/// For `rate(c[W])` at time `t` the span runs from the oldest snapshot of `c` taken within
/// `[t - W, t]` — or, when evaluations are sparser than `W`, the newest one before it — to the
/// snapshot at `t`. The increase over the span sums the steps between consecutive snapshots; a step
/// where the counter fell means its process restarted from zero, so the new value itself is the
/// step (as Prometheus does). The rate is that increase divided by the span's seconds. With fewer
/// than two snapshots there is no rate, and a rule on it does not hold.
struct CounterRates: Sendable {
    private var points: [String: [(at: Date, value: Double)]] = [:]

    /// Records the counters of `snapshot` that `windows` asks for, keeping what their windows need.
    mutating func observe(_ snapshot: [String: Double], at time: Date, windows: [String: Double]) {
        for (name, window) in windows {
            guard let value = snapshot[name] else { continue }
            var series = points[name, default: []]
            series.removeAll { $0.at >= time }
            series.append((time, value))
            // Keep one point older than the window: the fallback start of a sparse span.
            let cutoff = time.addingTimeInterval(-window)
            if let firstInside = series.firstIndex(where: { $0.at >= cutoff }), firstInside > 1 {
                series.removeFirst(firstInside - 1)
            }
            points[name] = series
        }
        for name in points.keys where windows[name] == nil { points[name] = nil }
    }

    func rate(of name: String, window: Double, at time: Date) -> Double? {
        guard let series = points[name], let last = series.last, last.at == time else { return nil }
        let cutoff = time.addingTimeInterval(-window)
        let startIndex = series.firstIndex { $0.at >= cutoff }.map { $0 == series.count - 1 ? $0 - 1 : $0 } ?? series.count - 2
        guard startIndex >= 0, startIndex < series.count - 1 else { return nil }
        let span = series[startIndex...]
        var increase = 0.0
        for (previous, current) in zip(span, span.dropFirst()) {
            increase += current.value >= previous.value ? current.value - previous.value : current.value
        }
        let seconds = last.at.timeIntervalSince(series[startIndex].at)
        return seconds > 0 ? increase / seconds : nil
    }
}
