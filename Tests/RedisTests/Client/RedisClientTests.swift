import Redis
import Testing

/// Records what the reconnect loop asked to sleep for, without sleeping.
private actor SleepRecorder {
    private(set) var delays: [Duration] = []
    private(set) var sendErrorsWhileBackingOff: [RedisError] = []

    func record(_ delay: Duration) -> Int {
        delays.append(delay)
        return delays.count
    }

    func record(_ error: RedisError) {
        sendErrorsWhileBackingOff.append(error)
    }
}

private func milliseconds(_ duration: Duration) -> Double {
    Double(duration.components.seconds) * 1000 + Double(duration.components.attoseconds) / 1e15
}

@Suite struct RedisClientBackoffTests {
    @Test func reconnectsWithExponentialBackoffAndJitter() async throws {
        let server = FakeRedisServer()
        let port = try await server.start()
        let recorder = SleepRecorder()
        let clientBox = ClientBox()
        let policy = RedisReconnectPolicy(
            initialDelay: .milliseconds(100), maximumDelay: .seconds(10), multiplier: 2, jitter: 0.5,
            random: { 0.5 },
            sleep: { delay in
                let count = await recorder.record(delay)
                if count == 1, let client = clientBox.client {
                    // While backing off, commands fail at once instead of waiting out the outage.
                    do {
                        _ = try await client.ping()
                    } catch let error as RedisError {
                        await recorder.record(error)
                    }
                }
                // Two attempts fail against the stopped server; the third finds it back.
                if count == 3 { try await server.start(port: port) }
                try await Task.sleep(for: .milliseconds(5))
            }
        )
        let client = RedisClient(
            configuration: RedisConfiguration(host: "127.0.0.1", port: port, commandTimeout: .seconds(2)),
            reconnectPolicy: policy
        )
        clientBox.client = client
        try await client.connect()
        #expect(try await client.ping() == "PONG")

        await server.stop()
        #expect(await eventually { await client.reconnectCount == 1 })
        #expect(try await client.ping() == "PONG")

        let delays = await recorder.delays.map(milliseconds)
        // Nominal 100, 200, 400 ms; jitter 0.5 with random 0.5 keeps three quarters of each.
        try #require(delays.count == 3, "\(delays)")
        for (delay, expected) in zip(delays, [75.0, 150, 300]) {
            #expect(abs(delay - expected) < 0.01, "\(delays)")
        }
        let errors = await recorder.sendErrorsWhileBackingOff
        #expect(errors.count == 1)
        if case .connectionClosed(let reason)? = errors.first {
            #expect(reason.contains("reconnecting"))
        } else {
            Issue.record("expected connectionClosed while backing off, got \(errors)")
        }
        await client.close()
        await server.stop()
    }

    @Test func closedClientRefusesCommands() async throws {
        let server = FakeRedisServer()
        let port = try await server.start()
        let client = RedisClient(configuration: RedisConfiguration(host: "127.0.0.1", port: port))
        try await client.connect()
        await client.close()
        await #expect(throws: RedisError.self) { try await client.ping() }
        await server.stop()
    }
}

/// Lets the injected sleep reach the client it belongs to, which is created after the policy.
private final class ClientBox: @unchecked Sendable {
    // Written once before the client connects, read only after.
    var client: RedisClient?
}

extension LiveRedisTests {
    @Suite struct RedisClientTests {
        @Test func commandsAndHelpersThroughTheClient() async throws {
            let client = RedisClient(configuration: try RedisTestServer.shared.configuration())
            try await client.connect()
            let key = uniqueName("client")
            #expect(try await client.ping() == "PONG")
            #expect(try await client.set(key, to: "v", expiry: .seconds(5)))
            #expect(try await client.getString(key) == "v")
            #expect(try await client.pipeline([["GET", RedisArgument(key)]]) == [.bulkString(Array("v".utf8))])
            #expect(try await client.publish("nobody listens", to: uniqueName("void")) == 0)
            #expect(try await client.del(key) == 1)
            await client.close()
        }

        @Test func reconnectsAfterTheServerKillsItsConnection() async throws {
            let name = uniqueName("client")
            let client = RedisClient(
                configuration: try RedisTestServer.shared.configuration(clientName: name),
                reconnectPolicy: RedisReconnectPolicy(initialDelay: .milliseconds(20))
            )
            try await client.connect()
            #expect(try await client.ping() == "PONG")

            let admin = try await RedisConnection.connect(to: try RedisTestServer.shared.configuration())
            #expect(try await killClients(named: name, using: admin) == 1)

            #expect(await eventually { (try? await client.ping()) == "PONG" })
            // The counter and the state are updated by the reconnect task, which may finish just
            // after the waiting command resumed: wait for them rather than read them once.
            #expect(await eventually { await client.reconnectCount == 1 })
            #expect(await eventually { await client.isConnected })
            // The new connection went through the same handshake (it carries the name again).
            #expect(try await killClients(named: name, using: admin) == 1)
            #expect(await eventually { await client.reconnectCount == 2 })
            await client.close()
            await admin.close()
        }
    }
}
