import Foundation
import Testing

/// A Redis for tests: `REDIS_URL` (scripts/test starts one); outside CI, a redis-server of our
/// own on a random port. In CI a missing `REDIS_URL` fails the test rather than skipping it.
enum TestRedis {
    static func withRedis(_ body: (String) async throws -> Void) async throws {
        if let url = ProcessInfo.processInfo.environment["REDIS_URL"] {
            try await body(url)
            return
        }
        if ProcessInfo.processInfo.environment["CI"] != nil {
            Issue.record("REDIS_URL is not set: run scripts/test, which starts redis-server")
            return
        }
        let port = Int.random(in: 20_000...40_000)
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/redis-server")
        process.arguments = ["--port", "\(port)", "--bind", "127.0.0.1", "--save", "", "--appendonly", "no"]
        process.standardOutput = FileHandle.nullDevice
        try process.run()
        defer { kill(process.processIdentifier, SIGKILL); process.waitUntilExit() }
        try await Task.sleep(for: .milliseconds(300))
        try await body("redis://127.0.0.1:\(port)")
    }
}
