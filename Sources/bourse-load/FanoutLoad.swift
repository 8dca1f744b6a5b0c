import ArgumentParser
import AsyncHTTPClient
import Foundation
import HummingbirdWSClient
import Logging
import NIOCore
import Synchronization

/// Holds many market-channel WebSockets (spread over one or more server instances), has the
/// server publish at a fixed rate through `POST /api/ws/push/market`, and measures what arrives:
/// deliveries per second and publish-to-receive latency (receive time minus the envelope's `ts`,
/// which the hub stamps when it publishes; both processes read the same wall clock).
struct FanoutLoad: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "fanout", abstract: "WebSocket fan-out: deliveries per second and latency.")

    @Option(help: "Comma-separated WebSocket URLs of the market channel (clients are spread over them).") var ws: String
    @Option(help: "Base URL where the admin pushes (POST /api/ws/push/market).") var push: String
    @Option(help: "An admin's access token.") var token: String
    @Option(help: "Connected clients.") var clients: Int = 1000
    @Option(help: "Pushed messages per second (the simulator's own market data comes on top).") var rate: Int = 20
    @Option(help: "Seconds to measure, after everyone is connected.") var duration: Int = 20
    @Option(help: "Clients opening at once.") var connectBatch: Int = 200

    func run() async throws {
        let urls = ws.split(separator: ",").map(String.init)
        let logger = { var logger = Logger(label: "bourse-load"); logger.logLevel = .error; return logger }()
        let histogram = LatencyHistogram()
        let state = FanoutState()
        let (received, connected, failed, measuring, stop) = (state.received, state.connected, state.failed, state.measuring, state.stop)
        let clients = self.clients, connectBatch = self.connectBatch, rate = self.rate, duration = self.duration, push = self.push, token = self.token

        try await withThrowingTaskGroup(of: Void.self) { group in
            // Clients, opened in batches so the server's accept queue is not flooded.
            group.addTask {
                try await withThrowingTaskGroup(of: Void.self) { sockets in
                    for index in 0..<clients {
                        let url = urls[index % urls.count]
                        sockets.addTask {
                            do {
                                try await WebSocketClient.connect(url: url, configuration: .init(maxFrameSize: 1 << 20, autoPing: .disabled), logger: logger) { inbound, outbound, _ in
                                    connected.add(1)
                                    var batch: [Int64] = []
                                    batch.reserveCapacity(256)
                                    for try await frame in inbound {
                                        if stop.load() { break }
                                        guard measuring.load() else {
                                            // The window closed: hand in what this client holds.
                                            if !batch.isEmpty {
                                                histogram.record(batch: batch)
                                                batch.removeAll(keepingCapacity: true)
                                            }
                                            continue
                                        }
                                        received.add(1)
                                        if let sent = EnvelopeTime.micros(in: frame.data) {
                                            batch.append(EnvelopeTime.nowMicros() - sent)
                                            if batch.count == 256 {
                                                histogram.record(batch: batch)
                                                batch.removeAll(keepingCapacity: true)
                                            }
                                        }
                                    }
                                    histogram.record(batch: batch)
                                    try? await outbound.close(.normalClosure, reason: nil)
                                }
                            } catch {
                                failed.add(1)
                            }
                        }
                        if (index + 1).isMultiple(of: connectBatch) {
                            while connected.load() + failed.load() < index + 1 - connectBatch / 2 {
                                try await Task.sleep(for: .milliseconds(10))
                            }
                        }
                    }
                    try await sockets.waitForAll()
                }
            }
            // Wait for the connections, measure, then end everything.
            let deadline = ContinuousClock.now + .seconds(120)
            while connected.load() + failed.load() < clients, ContinuousClock.now < deadline {
                try await Task.sleep(for: .milliseconds(50))
            }
            print("connected \(connected.load()) of \(clients) clients (\(failed.load()) failed) over \(urls.count) instance(s)")
            if let pause = ProcessInfo.processInfo.environment["FANOUT_IDLE_PAUSE"], let seconds = Int(pause) {
                // Lets the bench script read the server's memory with every client idle.
                print("idle for \(seconds) s")
                try await Task.sleep(for: .seconds(seconds))
            }
            let client = HTTPClient(eventLoopGroupProvider: .singleton)
            measuring.store(true)
            let started = ContinuousClock.now
            let interval = 1.0 / Double(rate)
            var pushed = 0
            for index in 0..<(rate * duration) {
                let due = started + .nanoseconds(Int64(Double(index) * interval * 1e9))
                if ContinuousClock.now < due { try await Task.sleep(until: due, clock: .continuous) }
                var request = HTTPClientRequest(url: push + "/api/ws/push/market")
                request.method = .POST
                request.headers.add(name: "Content-Type", value: "application/json")
                request.headers.add(name: "Authorization", value: "Bearer " + token)
                request.body = .bytes(ByteBuffer(string: #"{"message":"load \#(index)"}"#))
                if let response = try? await client.execute(request, timeout: .seconds(10)) {
                    _ = try? await response.body.collect(upTo: 1 << 16)
                    if response.status == .accepted { pushed += 1 }
                }
            }
            let wall = ContinuousClock.now - started
            measuring.store(false)
            // Every client hands in its last samples on its next frame (market data keeps coming).
            try await Task.sleep(for: .seconds(2))
            let seconds = Double(wall.components.seconds) + Double(wall.components.attoseconds) / 1e18
            let count = received.load()
            print("pushed \(pushed) messages at \(rate)/s for \(String(format: "%.1f", seconds)) s (plus the simulator's market data)")
            print("delivered \(count) messages: \(String(format: "%.0f", Double(count) / seconds))/s")
            print("publish-to-receive latency: p50 \(millis(histogram.percentile(0.5)))  p99 \(millis(histogram.percentile(0.99)))  max \(millis(histogram.percentile(1.0)))")
            try await client.shutdown()
            stop.store(true)
            group.cancelAll()
        }
    }
}

/// Counters shared by every client task.
final class FanoutState: Sendable {
    let received = AtomicCounter()
    let connected = AtomicCounter()
    let failed = AtomicCounter()
    let measuring = AtomicFlag()
    let stop = AtomicFlag()
}

final class AtomicCounter: Sendable {
    private let value = Atomic<Int>(0)
    func add(_ delta: Int) { value.add(delta, ordering: .relaxed) }
    func load() -> Int { value.load(ordering: .relaxed) }
}

final class AtomicFlag: Sendable {
    private let value = Atomic<Bool>(false)
    func store(_ flag: Bool) { value.store(flag, ordering: .relaxed) }
    func load() -> Bool { value.load(ordering: .relaxed) }
}
