import Redis
import Testing

extension LiveRedisTests {
    @Suite struct RedisSubscriberTests {
        private func makeSubscriber(clientName: String? = nil) throws -> RedisSubscriber {
            RedisSubscriber(
                configuration: try RedisTestServer.shared.configuration(clientName: clientName),
                reconnectPolicy: RedisReconnectPolicy(initialDelay: .milliseconds(20))
            )
        }

        private func makePublisher() async throws -> RedisConnection {
            try await RedisConnection.connect(to: try RedisTestServer.shared.configuration())
        }

        @Test func subscribeReceivesPublishedMessages() async throws {
            let subscriber = try makeSubscriber()
            let inbox = MessageInbox()
            let draining = inbox.drain(subscriber.messages)
            try await subscriber.connect()
            let channel = uniqueName("news")
            try await subscriber.subscribe(channel)
            #expect(await subscriber.subscribedChannels == [channel])

            let publisher = try await makePublisher()
            #expect(try await publisher.publish("hello", to: channel) == 1)
            let binary = Array(0...255) as [UInt8]
            #expect(try await publisher.publish(binary, to: channel) == 1)
            #expect(try await publisher.publish("elsewhere", to: uniqueName("other")) == 0)

            #expect(await eventually { await inbox.messages.count == 2 })
            let messages = await inbox.messages
            #expect(messages.first == RedisPubSubMessage(channel: channel, payload: Array("hello".utf8)))
            #expect(messages.last?.payload == binary)
            #expect(messages.allSatisfy { $0.pattern == nil })

            try await subscriber.ping()
            try await subscriber.unsubscribe(channel)
            #expect(try await publisher.publish("gone", to: channel) == 0)

            await subscriber.close()
            await draining.value  // the stream finishes on close
            await publisher.close()
        }

        @Test func psubscribeDeliversWithThePattern() async throws {
            let subscriber = try makeSubscriber()
            let inbox = MessageInbox()
            let draining = inbox.drain(subscriber.messages)
            try await subscriber.connect()
            let prefix = uniqueName("orders")
            try await subscriber.psubscribe("\(prefix).*")

            let publisher = try await makePublisher()
            #expect(try await publisher.publish("o1", to: "\(prefix).alice") == 1)
            #expect(try await publisher.publish("o2", to: "\(prefix).bob") == 1)
            #expect(try await publisher.publish("nope", to: "\(prefix)") == 0)

            #expect(await eventually { await inbox.messages.count == 2 })
            let messages = await inbox.messages
            #expect(messages == [
                RedisPubSubMessage(channel: "\(prefix).alice", pattern: "\(prefix).*", payload: Array("o1".utf8)),
                RedisPubSubMessage(channel: "\(prefix).bob", pattern: "\(prefix).*", payload: Array("o2".utf8)),
            ])

            try await subscriber.punsubscribe("\(prefix).*")
            #expect(try await publisher.publish("late", to: "\(prefix).alice") == 0)
            await subscriber.close()
            await draining.value
            await publisher.close()
        }

        @Test func reconnectsAndResubscribesAfterTheServerKillsTheConnection() async throws {
            let name = uniqueName("subscriber")
            let subscriber = try makeSubscriber(clientName: name)
            let inbox = MessageInbox()
            let draining = inbox.drain(subscriber.messages)
            try await subscriber.connect()
            let channel = uniqueName("market")
            let prefix = uniqueName("trading")
            try await subscriber.subscribe(channel)
            try await subscriber.psubscribe("\(prefix).*")

            let publisher = try await makePublisher()
            #expect(try await publisher.publish("before", to: channel) == 1)
            #expect(await eventually { await inbox.contains { $0.text == "before" } })

            #expect(try await killClients(named: name, using: publisher) == 1)
            #expect(await eventually { await subscriber.reconnectCount == 1 })
            #expect(await subscriber.isConnected)

            // Resubscription completes before the reconnect is counted, so both reach it at once.
            #expect(try await publisher.publish("after", to: channel) == 1)
            #expect(try await publisher.publish("after-pattern", to: "\(prefix).u1") == 1)
            #expect(await eventually {
                let direct = await inbox.contains { $0.text == "after" && $0.channel == channel }
                let matched = await inbox.contains { $0.text == "after-pattern" && $0.pattern == "\(prefix).*" }
                return direct && matched
            })
            #expect(await subscriber.subscribedChannels == [channel])
            #expect(await subscriber.subscribedPatterns == ["\(prefix).*"])

            await subscriber.close()
            await draining.value
            await publisher.close()
        }

        @Test func subscribeBeforeConnectIsRefused() async throws {
            let subscriber = try makeSubscriber()
            await #expect(throws: RedisError.self) { try await subscriber.subscribe("x") }
            #expect(await subscriber.subscribedChannels.isEmpty)
            await subscriber.close()
            await #expect(throws: RedisError.self) { try await subscriber.psubscribe("y.*") }
        }
    }
}
