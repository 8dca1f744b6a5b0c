import Foundation
import NIOCore
import NIOPosix
import Redis
import Testing

/// The Redis server the live tests talk to: `REDIS_URL` when set (scripts/test exports it), otherwise
/// a throwaway `redis-server` started for the run — except under CI, where a missing URL is an error.
final class RedisTestServer: Sendable {
    @TaskLocal static var current: RedisTestServer?

    let url: String
    private let process: Process?

    private init(url: String, process: Process?) {
        self.url = url
        self.process = process
    }

    /// The server of the enclosing `.redisServer` suite.
    static var shared: RedisTestServer {
        get throws {
            guard let current else {
                throw SetupError("live Redis tests must run inside a suite with the .redisServer trait")
            }
            return current
        }
    }

    /// A configuration for this server; `clientName` lets a test find its own connection in CLIENT LIST.
    func configuration(clientName: String? = nil, commandTimeout: Duration? = .seconds(5)) throws -> RedisConfiguration {
        var configuration = try RedisConfiguration(url: url)
        configuration.clientName = clientName
        configuration.commandTimeout = commandTimeout
        return configuration
    }

    static func start() async throws -> RedisTestServer {
        let environment = ProcessInfo.processInfo.environment
        if let url = environment["REDIS_URL"], !url.isEmpty {
            let server = RedisTestServer(url: url, process: nil)
            try await server.waitUntilReady()
            return server
        }
        if let ci = environment["CI"], !ci.isEmpty {
            throw SetupError(
                "REDIS_URL is not set but CI is: the Redis tests need a real redis-server (scripts/test starts one and exports REDIS_URL)"
            )
        }
        var lastError: (any Error)?
        // A free port can be taken between probing and binding; try a few.
        for _ in 0..<3 {
            let port = try await freePort()
            let process = Process()
            process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
            process.arguments = [
                "redis-server", "--port", "\(port)", "--bind", "127.0.0.1",
                "--save", "", "--appendonly", "no", "--loglevel", "warning",
            ]
            process.standardOutput = FileHandle.nullDevice
            do {
                try process.run()
            } catch {
                throw SetupError("cannot start redis-server (install it: apt-get install -y redis-server): \(error)")
            }
            let server = RedisTestServer(url: "redis://127.0.0.1:\(port)", process: process)
            do {
                try await server.waitUntilReady()
                return server
            } catch {
                lastError = error
                server.stop()
            }
        }
        throw SetupError("redis-server did not become ready: \(lastError.map { "\($0)" } ?? "unknown")")
    }

    func stop() {
        guard let process, process.isRunning else { return }
        // SIGKILL, not terminate(): the child inherits the test runner's blocked SIGTERM and would
        // ignore it, leaving the server running and waitUntilExit() waiting forever.
        kill(process.processIdentifier, SIGKILL)
        process.waitUntilExit()
    }

    private func waitUntilReady() async throws {
        let configuration = try configuration()
        var lastError: (any Error)?
        for _ in 0..<50 {
            if let process, !process.isRunning {
                throw SetupError("redis-server exited with status \(process.terminationStatus)")
            }
            do {
                let connection = try await RedisConnection.connect(to: configuration)
                let pong = try? await connection.ping()
                await connection.close()
                if pong == "PONG" { return }
            } catch {
                lastError = error
            }
            try await Task.sleep(for: .milliseconds(100))
        }
        throw SetupError("no PONG from \(configuration): \(lastError.map { "\($0)" } ?? "unknown")")
    }

    private static func freePort() async throws -> Int {
        let channel = try await ServerBootstrap(group: MultiThreadedEventLoopGroup.singleton)
            .bind(host: "127.0.0.1", port: 0).get()
        let port = channel.localAddress?.port
        try await channel.close()
        guard let port else { throw SetupError("could not find a free port") }
        return port
    }
}

struct SetupError: Error, CustomStringConvertible {
    var description: String
    init(_ description: String) { self.description = description }
}

/// Runs a suite against `RedisTestServer.current`, stopping a self-started server afterwards.
struct RedisServerTrait: SuiteTrait, TestScoping {
    var isRecursive: Bool { false }

    func provideScope(
        for test: Test,
        testCase: Test.Case?,
        performing function: @Sendable () async throws -> Void
    ) async throws {
        let server = try await RedisTestServer.start()
        defer { server.stop() }
        try await RedisTestServer.$current.withValue(server) {
            try await function()
        }
    }
}

extension Trait where Self == RedisServerTrait {
    static var redisServer: Self { RedisServerTrait() }
}

/// All tests that need a real redis-server live in suites nested in this one.
@Suite(.redisServer)
struct LiveRedisTests {}
