import Redis
import Testing

extension LiveRedisTests {
    @Suite struct RedisConnectionTests {
        private func connect(
            clientName: String? = nil,
            commandTimeout: Duration? = .seconds(5)
        ) async throws -> RedisConnection {
            let configuration = try RedisTestServer.shared.configuration(
                clientName: clientName, commandTimeout: commandTimeout
            )
            return try await RedisConnection.connect(to: configuration)
        }

        @Test func ping() async throws {
            let connection = try await connect()
            #expect(try await connection.ping() == "PONG")
            #expect(try await connection.ping("hello") == "hello")
            await connection.close()
        }

        @Test func setGetAndExpiry() async throws {
            let connection = try await connect()
            let key = uniqueName("expiry")
            // One write, so the server runs all three within the 100 ms even on a loaded machine.
            let replies = try await connection.pipeline([
                ["SET", RedisArgument(key), "v1", "PX", "100"], ["GET", RedisArgument(key)], ["PTTL", RedisArgument(key)],
            ])
            #expect(replies[0] == .simpleString("OK"))
            #expect(replies[1].string == "v1")
            #expect((1...100).contains(replies[2].int ?? -1), "\(replies)")
            try await Task.sleep(for: .milliseconds(250))
            #expect(try await connection.get(key) == nil)

            // The typed helper sends PX: the key gets an expiry (-1 would mean none) and then goes.
            let helperKey = uniqueName("expiry-helper")
            #expect(try await connection.set(helperKey, to: "v2", expiry: .milliseconds(100)))
            let ttl = try await connection.command("PTTL", RedisArgument(helperKey)).int ?? -1
            #expect(ttl == -2 || (1...100).contains(ttl), "PTTL \(ttl)")
            try await Task.sleep(for: .milliseconds(250))
            #expect(try await connection.get(helperKey) == nil)

            #expect(try await connection.set(key, to: "v3", expiry: .seconds(10)))
            #expect(try await connection.getString(key) == "v3")
            let seconds = try await connection.command("TTL", RedisArgument(key)).int ?? -1
            #expect((9...10).contains(seconds))
            #expect(try await connection.del(key) == 1)
            #expect(try await connection.del(key) == 0)
        }

        @Test func setOnlyIfAbsent() async throws {
            let connection = try await connect()
            let key = uniqueName("nx")
            #expect(try await connection.set(key, to: "first", onlyIfAbsent: true))
            #expect(try await !connection.set(key, to: "second", onlyIfAbsent: true))
            #expect(try await connection.getString(key) == "first")
            try await connection.del(key)
        }

        @Test func binaryValuesRoundTrip() async throws {
            let connection = try await connect()
            let key = uniqueName("binary")
            let value = Array(0...255) + Array("\r\n$-1\r\n".utf8)
            try await connection.set(key, to: value)
            #expect(try await connection.get(key) == value)
            try await connection.del(key)
        }

        @Test func pipelineOfAThousandKeepsOrder() async throws {
            let connection = try await connect()
            let key = uniqueName("counter")
            let replies = try await connection.pipeline(Array(repeating: ["INCR", RedisArgument(key)], count: 1000))
            #expect(replies == (1...1000).map { .integer($0) })

            let echoes = try await connection.pipeline((0..<1000).map { ["ECHO", RedisArgument("m\($0)")] })
            #expect(echoes.map(\.string) == (0..<1000).map { "m\($0)" })
            try await connection.del(key)
        }

        @Test func concurrentSendsEachGetTheirOwnReply() async throws {
            let connection = try await connect()
            let mismatches = try await withThrowingTaskGroup(of: Bool.self) { group in
                for index in 0..<1000 {
                    group.addTask {
                        let reply = try await connection.send(["ECHO", RedisArgument("c\(index)")])
                        return reply.string == "c\(index)"
                    }
                }
                return try await group.reduce(0) { $0 + ($1 ? 0 : 1) }
            }
            #expect(mismatches == 0)
        }

        @Test func infoIsParsedIntoSections() async throws {
            let connection = try await connect()
            let info = try await connection.info()
            #expect(info["server"]?["redis_version"]?.isEmpty == false)
            #expect(info["server"]?["tcp_port"] != nil)
            let clients = try await connection.info("clients")
            let connected = try #require(clients["clients"]?["connected_clients"].flatMap { Int($0) })
            #expect(connected >= 1)
        }

        @Test func errorReplyIsThrownAsServerErrorAndConnectionSurvives() async throws {
            let connection = try await connect()
            let key = uniqueName("notanumber")
            try await connection.set(key, to: "abc")
            do {
                _ = try await connection.command("INCR", RedisArgument(key))
                Issue.record("INCR on a non-number should throw")
            } catch let error as RedisError {
                guard case .server(let message) = error else {
                    Issue.record("expected RedisError.server, got \(error)")
                    return
                }
                #expect(message.contains("not an integer"))
                #expect(error.serverErrorCode == "ERR")
            }
            // Pipelined error replies come back in place instead of throwing.
            let replies = try await connection.pipeline([["INCR", RedisArgument(key)], ["GET", RedisArgument(key)]])
            guard case .error = replies[0] else {
                Issue.record("expected an error reply first, got \(replies)")
                return
            }
            #expect(replies[1].string == "abc")
            #expect(try await connection.ping() == "PONG")
            try await connection.del(key)
        }

        @Test func databaseFromConfigurationIsSelected() async throws {
            var configuration = try RedisTestServer.shared.configuration()
            configuration.database = 1
            let db1 = try await RedisConnection.connect(to: configuration)
            let db0 = try await connect()
            let key = uniqueName("db")
            try await db1.set(key, to: "in-db-1")
            #expect(try await db0.get(key) == nil)
            #expect(try await db1.getString(key) == "in-db-1")
            try await db1.del(key)
        }

        @Test func wrongPasswordFailsTheConnect() async throws {
            var configuration = try RedisTestServer.shared.configuration()
            configuration.password = "definitely-wrong"
            await #expect {
                _ = try await RedisConnection.connect(to: configuration)
            } throws: { error in
                guard case RedisError.server = error else { return false }
                return true
            }
        }

        @Test func unreachableServerIsAConnectError() async throws {
            let configuration = RedisConfiguration(host: "127.0.0.1", port: 1, connectTimeout: .seconds(2))
            await #expect {
                _ = try await RedisConnection.connect(to: configuration)
            } throws: { error in
                guard case RedisError.connectFailed = error else { return false }
                return true
            }
        }

        @Test func commandTimeoutClosesTheConnection() async throws {
            let connection = try await connect(commandTimeout: .milliseconds(200))
            let started = ContinuousClock.now
            await #expect {
                _ = try await connection.command("BLPOP", RedisArgument(uniqueName("empty")), "0")
            } throws: { error in
                guard case RedisError.timeout = error else { return false }
                return true
            }
            #expect(ContinuousClock.now - started < .seconds(2))
            #expect(await eventually { !connection.isConnected })
            await #expect(throws: RedisError.self) { try await connection.ping() }
        }

        @Test func pendingCommandsFailWhenTheServerDropsTheConnection() async throws {
            let name = uniqueName("victim")
            let victim = try await connect(clientName: name, commandTimeout: nil)
            let admin = try await connect()
            let blocked = Task {
                try await victim.command("BLPOP", RedisArgument(uniqueName("empty")), "0")
            }
            // Let BLPOP reach the server before killing its connection.
            #expect(await eventually {
                let list = (try? await admin.command("CLIENT", "LIST").string) ?? ""
                return list.contains("name=\(name)") && list.contains("cmd=blpop")
            })
            #expect(try await killClients(named: name, using: admin) == 1)
            let result = await blocked.result
            guard case .failure(RedisError.connectionClosed) = result else {
                Issue.record("expected connectionClosed, got \(result)")
                return
            }
            #expect(!victim.isConnected)
        }
    }
}
