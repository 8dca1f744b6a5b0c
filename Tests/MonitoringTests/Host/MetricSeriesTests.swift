import Foundation
import Testing
@testable import Monitoring

@Suite struct MetricSeriesTests {
    let start = Date(timeIntervalSince1970: 1_767_225_600)

    @Test func dropsPointsOlderThanMaxAge() {
        var series = MetricSeries<Double>(maxAge: 60, maxPoints: 100)
        for second in stride(from: 0, through: 120, by: 10) {
            series.append(Double(second), at: start.addingTimeInterval(Double(second)))
        }
        // At 120 s the cut-off is 60 s, which is kept.
        #expect(series.points().map(\.value) == [60, 70, 80, 90, 100, 110, 120])
        series.prune(now: start.addingTimeInterval(175))
        #expect(series.points().map(\.value) == [120])
    }

    @Test func keepsAtMostMaxPointsNewest() {
        var series = MetricSeries<Int>(maxAge: 3600, maxPoints: 3)
        for index in 0..<5 { series.append(index, at: start.addingTimeInterval(Double(index))) }
        #expect(series.points().map(\.value) == [2, 3, 4])
        #expect(series.count == 3)
        #expect(series.latest?.value == 4)
    }

    @Test func readsSinceAndLimit() {
        var series = MetricSeries<Int>(maxAge: 3600, maxPoints: 10)
        for index in 0..<6 { series.append(index, at: start.addingTimeInterval(Double(index * 10))) }
        #expect(series.points(since: start.addingTimeInterval(30)).map(\.value) == [3, 4, 5])
        #expect(series.points(limit: 2).map(\.value) == [4, 5])
    }

    @Test func ringOverwritesOldestAndReportsIt() {
        var ring = RingBuffer<Int>(capacity: 2)
        #expect(ring.append(1) == nil)
        #expect(ring.append(2) == nil)
        #expect(ring.append(3) == 1)
        #expect(ring.elements == [2, 3])
        #expect(ring.removeFirst(upTo: 5) == [2, 3])
        #expect(ring.isEmpty)
    }
}
