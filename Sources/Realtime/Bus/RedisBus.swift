import Logging
import Redis

/// The services shape's bus: messages travel through Redis Pub/Sub, so every instance's
/// subscribers see every instance's publications, in the order Redis delivered them.
///
/// Publications go to Redis only; this instance's own subscribers receive them back from Redis
/// like everyone else's, so all instances see one order. Topics are namespaced `bourse:<topic>`.
///
/// Each topic is numbered in Redis: a publication increments `bourse:seq:<topic>` and publishes
/// `<seq>\n<payload>` in one script, so the seq order is the delivery order and every instance's
/// hub gives the message the same seq. That is what lets a client that loses its instance resume
/// with `last_seq` on another (Centrifugo keeps stream positions in its broker for the same reason).
public final class RedisBus: MessageBus {
    public static let prefix = "bourse:"
    static let seqPrefix = "bourse:seq:"
    /// INCR and PUBLISH atomically: Redis runs a script without interleaving other commands.
    static let publishScript = """
        local seq = redis.call('INCR', KEYS[1])
        redis.call('PUBLISH', KEYS[2], seq .. '\\n' .. ARGV[1])
        return seq
        """

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
                let (seq, payload) = Self.unframe(message.payload)
                local.deliver(BusMessage(topic: String(message.channel.dropFirst(prefix.count)), payload: payload, seq: seq))
            }
        }
        return RedisBus(client: client, subscriber: subscriber, local: local, pump: pump)
    }

    public func publish(_ topic: String, _ payload: [UInt8]) async throws {
        _ = try await client.send(Self.command(topic, payload))
    }

    public func publish(_ messages: [(topic: String, payload: [UInt8])]) async throws {
        guard !messages.isEmpty else { return }
        _ = try await client.pipeline(messages.map { Self.command($0.topic, $0.payload) })
    }

    static func command(_ topic: String, _ payload: [UInt8]) -> [RedisArgument] {
        ["EVAL", RedisArgument(publishScript), 2, RedisArgument(seqPrefix + topic), RedisArgument(prefix + topic), RedisArgument(bytes: payload)]
    }

    /// Splits `<seq>\n<payload>`; a payload published by someone else (say `redis-cli PUBLISH`)
    /// has no seq and is passed on whole (JSON never starts with a digit and a newline).
    static func unframe(_ bytes: [UInt8]) -> (UInt64?, [UInt8]) {
        var seq: UInt64 = 0
        var index = 0
        while index < bytes.count, index < 20, bytes[index] >= UInt8(ascii: "0"), bytes[index] <= UInt8(ascii: "9") {
            seq = seq &* 10 &+ UInt64(bytes[index] - UInt8(ascii: "0"))
            index += 1
        }
        guard index > 0, index < bytes.count, bytes[index] == UInt8(ascii: "\n") else { return (nil, bytes) }
        return (seq, Array(bytes[(index + 1)...]))
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
