import ArgumentParser
import AsyncHTTPClient
import Foundation
import NIOCore
import Synchronization

/// `POST /trading/orders` at a fixed offered rate (open loop): each request is due at its slot
/// whatever the previous ones did, and its latency counts from that slot, so a stalled server
/// shows up as latency rather than as a politely slower generator (no coordinated omission).
struct OrdersLoad: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "orders", abstract: "Orders at a fixed rate; prints throughput and latency.")

    @Option(help: "Base URL of the server, e.g. http://127.0.0.1:8000") var url: String
    @Option(help: "Comma-separated access tokens (one per trader; requests take them in turn).") var tokens: String
    @Option(help: "Offered orders per second.") var rate: Int = 1000
    @Option(help: "Seconds to run.") var duration: Int = 20
    @Option(help: "Connections in the client's pool.") var connections: Int = 64

    func run() async throws {
        let tokenList = tokens.split(separator: ",").map(String.init)
        let url = self.url
        guard !tokenList.isEmpty, rate > 0, duration > 0 else { throw ValidationError("need tokens, a positive rate and duration") }
        var configuration = HTTPClient.Configuration()
        configuration.connectionPool = .init(idleTimeout: .seconds(60), concurrentHTTP1ConnectionsPerHostSoftLimit: connections)
        configuration.timeout = .init(connect: .seconds(5), read: .seconds(30))
        let client = HTTPClient(eventLoopGroupProvider: .singleton, configuration: configuration)
        let histogram = LatencyHistogram()
        let statuses = StatusCounts()
        let interval = 1.0 / Double(rate)
        let total = rate * duration
        let started = ContinuousClock.now
        await withTaskGroup(of: Void.self) { group in
            for index in 0..<total {
                let due = started + .nanoseconds(Int64(Double(index) * interval * 1e9))
                if ContinuousClock.now < due { try? await Task.sleep(until: due, tolerance: .microseconds(100), clock: .continuous) }
                group.addTask {
                    var request = HTTPClientRequest(url: url + "/trading/orders")
                    request.method = .POST
                    request.headers.add(name: "Content-Type", value: "application/json")
                    request.headers.add(name: "Authorization", value: "Bearer " + tokenList[index % tokenList.count])
                    // Alternating resting GTC buys far below the market and IOC orders that
                    // cancel at once: every order takes the full durable path, the book stays small.
                    let tif = index.isMultiple(of: 2) ? "ioc" : "gtc"
                    let body = #"{"symbol":"BTCUSD","side":"buy","type":"limit","qty":"0.0001","limit_price":"\#(1000 + index % 100).00","time_in_force":"\#(tif)","client_order_id":"load-\#(started.hashValue & 0xffff)-\#(index)"}"#
                    request.body = .bytes(ByteBuffer(string: body))
                    var status = 0
                    do {
                        let response = try await client.execute(request, timeout: .seconds(30))
                        _ = try await response.body.collect(upTo: 1 << 20)
                        status = Int(response.status.code)
                    } catch {
                        status = -1
                    }
                    let elapsed = ContinuousClock.now - due
                    histogram.record(micros: elapsed.components.seconds * 1_000_000 + elapsed.components.attoseconds / 1_000_000_000_000)
                    statuses.add(status)
                }
            }
        }
        let wall = ContinuousClock.now - started
        let seconds = Double(wall.components.seconds) + Double(wall.components.attoseconds) / 1e18
        try await client.shutdown()
        let counts = statuses.snapshot()
        let ok = counts[201] ?? 0
        print("offered \(rate)/s for \(duration) s: \(total) orders in \(String(format: "%.1f", seconds)) s")
        print("completed \(String(format: "%.0f", Double(ok) / seconds))/s with 201; statuses \(counts.sorted { $0.key < $1.key }.map { "\($0.key): \($0.value)" }.joined(separator: ", "))")
        print("latency from the scheduled send: p50 \(millis(histogram.percentile(0.5)))  p90 \(millis(histogram.percentile(0.9)))  p99 \(millis(histogram.percentile(0.99)))  max \(millis(histogram.percentile(1.0)))")
    }
}

/// Responses by status code (-1: no response).
final class StatusCounts: Sendable {
    private let counts = Mutex<[Int: Int]>([:])
    func add(_ status: Int) { counts.withLock { $0[status, default: 0] += 1 } }
    func snapshot() -> [Int: Int] { counts.withLock { $0 } }
}
