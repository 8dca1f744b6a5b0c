import Logging
import Redis

/// The services shape's bus: messages travel through Redis Pub/Sub, so every instance's
/// subscribers see every instance's publications, in the order Redis delivered them.
///
/// Publications go to Redis only; this instance's own subscribers receive them back from Redis
/// like everyone else's, so all instances see one order. Topics are namespaced `bourse:<topic>`.
public final class RedisBus: MessageBus {
    public static let prefix = "bourse:"

    private let client: RedisClient
    private let subscriber: RedisSubscriber
    private let local: InProcessBus
    private let pump: Task<Void, Never>

    private init(client: RedisClient, subscriber: RedisSubscriber, local: InProcessBus, pump: Task<Void, Never>) {
        self.client = client
        self.subscriber = subscriber
        self.local = local
        self.pump = pump
    }

    /// Connects a command connection and a subscriber connection (both reconnect on their own).
    public static func connect(url: String, logger: Logger) async throws -> RedisBus {
        let configuration = try RedisConfiguration(url: url)
        let client = RedisClient(configuration: configuration, logger: logger)
        try await client.connect()
        let subscriber = RedisSubscriber(configuration: configuration, logger: logger)
        try await subscriber.connect()
        try await subscriber.psubscribe(prefix + "*")
        let local = InProcessBus()
        let messages = subscriber.messages
        let pump = Task {
            for await message in messages where message.channel.hasPrefix(prefix) {
                try? await local.publish(String(message.channel.dropFirst(prefix.count)), message.payload)
            }
        }
        return RedisBus(client: client, subscriber: subscriber, local: local, pump: pump)
    }

    public func publish(_ topic: String, _ payload: [UInt8]) async throws {
        _ = try await client.publish(payload, to: Self.prefix + topic)
    }

    public func subscribe(_ patterns: [TopicPattern]) async throws -> BusSubscription {
        try await local.subscribe(patterns)
    }

    /// Whether both connections are up (for health probes).
    public func isConnected() async -> Bool {
        let clientUp = await client.isConnected
        let subscriberUp = await subscriber.isConnected
        return clientUp && subscriberUp
    }

    /// The command connection, for PING and INFO in monitoring.
    public var commands: RedisClient { client }

    public func close() async {
        pump.cancel()
        await subscriber.close()
        await client.close()
    }
}
