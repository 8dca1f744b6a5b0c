import Foundation
import Testing
@testable import Monitoring

@Suite struct MetricsSamplerTests {
    let files = FixtureFiles(Fixtures.earlierFiles)
    let at = Date(timeIntervalSince1970: 1_767_225_610)

    func sampler(excludeLoopback: Bool = true) -> MetricsSampler {
        MetricsSampler(reader: files.reader, diskPath: "/data", service: "backend", instance: "b1", excludeLoopback: excludeLoopback)
    }

    @Test func hostSampleFromTwoReadingsTenSecondsApart() throws {
        let sampler = sampler()
        let earlier = try sampler.readHost()
        files.replace(with: Fixtures.laterFiles)
        let later = try sampler.readHost()
        let sample = sampler.hostSample(from: earlier, to: later, elapsedSeconds: 10, at: at)

        #expect(abs(sample.cpuPercent - 53.333_333) < 1e-5)
        #expect(sample.cpuCoresPercent == [75, 10])
        #expect(sample.memory.usedPercent == 25)
        #expect(sample.interfaces.map(\.interface) == ["eth0"])
        // eth0: 2,000,000 bytes in and 500,000 out over 10 s.
        #expect(sample.network.inBytesPerSecond == 200_000)
        #expect(sample.network.outBytesPerSecond == 50_000)
        #expect(sample.loadAverage.one == 0.52)
        #expect(sample.uptimeSeconds == 5000.25)
        #expect(sample.disk.path == "/data")
        #expect(sample.takenAt == at)
    }

    @Test func loopbackCountsWhenAskedFor() throws {
        let sampler = sampler(excludeLoopback: false)
        let earlier = try sampler.readHost()
        files.replace(with: Fixtures.laterFiles)
        let sample = sampler.hostSample(from: earlier, to: try sampler.readHost(), elapsedSeconds: 10, at: at)
        #expect(sample.network.inBytesPerSecond == 600_000)
        #expect(sample.interfaces.count == 2)
    }

    @Test func resetCountersAndNewInterfacesReadZero() {
        #expect(MetricsSampler.rate(500, 100, 10) == 0)
        #expect(MetricsSampler.rate(nil, 100, 10) == 0)
        #expect(MetricsSampler.rate(100, 200, 0) == 0)
        #expect(MetricsSampler.rate(100, 300, 4) == 50)
    }

    @Test func processSampleFromStatDeltasAndClockTicks() throws {
        let sampler = sampler()
        let earlier = try sampler.readProcess()
        files.replace(with: Fixtures.laterFiles)
        let later = try sampler.readProcess()
        let sample = sampler.processSample(from: earlier, to: later, elapsedSeconds: 10, coreCount: 2, at: at)
        // 200 ticks at 100 Hz = 2 s of CPU in 10 s.
        #expect(sample.cpuPercent == 20)
        #expect(sample.cpuPercentOfHost == 10)
        #expect(sample.residentBytes == 52_428_800)
        #expect(sample.threads == 11)
        // Started 1000 s after boot, host up 5000.25 s.
        #expect(sample.uptimeSeconds == 4000.25)
        #expect(sample.service == "backend")
        #expect(sample.instance == "b1")
    }

    @Test func missingFileIsUnreadableWithItsPath() {
        files.replace(with: [:])
        #expect(throws: HostMetricsError.unreadable(path: "/proc/stat", reason: "no fixture for /proc/stat")) {
            try sampler().readHost()
        }
    }

    @Test func samplesEncodeWithSnakeCaseKeys() throws {
        let sampler = sampler()
        let earlier = try sampler.readHost()
        files.replace(with: Fixtures.laterFiles)
        let sample = sampler.hostSample(from: earlier, to: try sampler.readHost(), elapsedSeconds: 10, at: at)
        let host = try #require(try JSONSerialization.jsonObject(with: JSONEncoder().encode(sample)) as? [String: Any])
        for key in ["taken_at", "interval_s", "cpu_percent", "cpu_cores_percent", "memory", "disk", "network", "load_average", "uptime_s"] {
            #expect(host[key] != nil, "missing \(key)")
        }
        let memory = try #require(host["memory"] as? [String: Any])
        #expect(memory["used_percent"] as? Double == 25)
        let disk = try #require(host["disk"] as? [String: Any])
        #expect(disk["free_percent"] != nil)
        let network = try #require(host["network"] as? [String: Any])
        #expect(network["in_bytes_per_s"] as? Double == 200_000)
        #expect(try JSONDecoder().decode(HostSample.self, from: JSONEncoder().encode(sample)) == sample)

        let process = sampler.processSample(from: try sampler.readProcess(), to: try sampler.readProcess(), elapsedSeconds: 1, coreCount: 2, at: at)
        let processJSON = try #require(try JSONSerialization.jsonObject(with: JSONEncoder().encode(process)) as? [String: Any])
        #expect(Set(processJSON.keys).isSuperset(of: ["cpu_percent", "cpu_percent_of_host", "rss_bytes", "uptime_s", "taken_at"]))
    }

    @Test func metricValuesUseTheRegisteredNames() throws {
        let sampler = sampler()
        let reading = try sampler.readHost()
        let values = sampler.hostSample(from: reading, to: reading, elapsedSeconds: 10, at: at).metricValues
        for name in values.keys {
            #expect(MetricRegistry.standard.kind(of: name) == .gauge, "\(name) is not registered")
        }
        #expect(values[MetricName.hostDiskFreePercent] == DiskUsage(path: "/data", stats: Fixtures.fileSystem).freePercent)
    }
}
