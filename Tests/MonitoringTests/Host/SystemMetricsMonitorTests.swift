import Foundation
import Testing
@testable import Monitoring

@Suite(.timeLimit(.minutes(1))) struct SystemMetricsMonitorTests {
    @Test func firstSamplePrimesThenLaterOnesUseTheTimeSinceThePrevious() async throws {
        let files = FixtureFiles(Fixtures.earlierFiles)
        let clock = ManualClock()
        let sampler = MetricsSampler(reader: files.reader, diskPath: "/data", service: "backend", instance: "b1")
        let monitor = SystemMetricsMonitor(sampler: sampler, clock: clock, retention: 3600, maxPoints: 10, primingInterval: .seconds(10))

        async let first = monitor.sample()
        await clock.waitForSleepers(count: 1)
        files.replace(with: Fixtures.laterFiles)
        clock.advance(by: .seconds(10))
        let snapshot = try await first
        #expect(snapshot.host.intervalSeconds == 10)
        #expect(snapshot.process.cpuPercent == 20)
        #expect(snapshot.host.network.inBytesPerSecond == 200_000)

        // Nothing changed in the next 20 s: no CPU ticks, no traffic.
        clock.advance(by: .seconds(20))
        let second = try await monitor.sample()
        #expect(second.host.intervalSeconds == 20)
        #expect(second.host.cpuPercent == 0)
        #expect(second.host.network.inBytesPerSecond == 0)
        #expect(await monitor.hostSeries.count == 2)
        #expect(await monitor.latest == second)
        #expect(second.metricValues[MetricName.processCPUPercent] == 0)
        #expect(second.metricValues[MetricName.hostCPUPercent] == 0)
    }
}
