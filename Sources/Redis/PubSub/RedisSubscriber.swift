import Foundation
import Logging
import NIOCore
import NIOPosix

/// A dedicated Redis connection for SUBSCRIBE/PSUBSCRIBE that survives connection loss.
///
/// Messages from every subscription arrive on the one `messages` stream. The subscriber remembers
/// what it is subscribed to; after a connection drops it reconnects with backoff and subscribes to
/// all of it again. Messages published while it was disconnected are lost (Redis Pub/Sub keeps
/// none), which is why `reconnectCount` is exposed: a consumer can tell that a gap happened.
public actor RedisSubscriber {
    /// Every message received, across reconnects; finishes when the subscriber is closed.
    public nonisolated let messages: AsyncStream<RedisPubSubMessage>

    public let configuration: RedisConfiguration
    private let eventLoopGroup: any EventLoopGroup
    private let reconnectPolicy: RedisReconnectPolicy
    private let logger: Logger
    private let continuation: AsyncStream<RedisPubSubMessage>.Continuation
    private let drops = DropCounter()

    private var channels: Set<String> = []
    private var patterns: Set<String> = []
    private var connection: PubSubConnection?
    private var connecting: Task<PubSubConnection, any Error>?
    private var reconnectLoop: Task<Void, Never>?
    private var isClosed = false
    /// Successful reconnects after a connection was lost.
    public private(set) var reconnectCount = 0

    /// - Parameter bufferingPolicy: what to do when the consumer of `messages` falls behind;
    ///   messages dropped by a bounded policy are counted in `droppedMessages`.
    public init(
        configuration: RedisConfiguration,
        eventLoopGroup: any EventLoopGroup = MultiThreadedEventLoopGroup.singleton,
        reconnectPolicy: RedisReconnectPolicy = RedisReconnectPolicy(),
        bufferingPolicy: AsyncStream<RedisPubSubMessage>.Continuation.BufferingPolicy = .unbounded,
        logger: Logger = Logger(label: "bourse.redis.subscriber")
    ) {
        self.configuration = configuration
        self.eventLoopGroup = eventLoopGroup
        self.reconnectPolicy = reconnectPolicy
        var logger = logger
        logger[metadataKey: "redis.endpoint"] = "\(configuration.endpointDescription)"
        self.logger = logger
        (messages, continuation) = AsyncStream.makeStream(of: RedisPubSubMessage.self, bufferingPolicy: bufferingPolicy)
    }

    /// Opens the connection; throws if it cannot, so a wrong URL or password shows at startup.
    public func connect() async throws {
        _ = try await currentConnection()
    }

    public var isConnected: Bool {
        connection?.isConnected ?? false
    }

    /// Messages the `messages` stream refused because its buffer was full.
    public nonisolated var droppedMessages: Int {
        drops.value
    }

    public var subscribedChannels: Set<String> { channels }
    public var subscribedPatterns: Set<String> { patterns }

    /// SUBSCRIBE; returns once Redis confirmed, or at once if disconnected (applied on reconnect).
    public func subscribe(_ channels: [String]) async throws {
        try ensureStarted()
        let new = channels.filter { !self.channels.contains($0) }
        self.channels.formUnion(new)
        try await apply("SUBSCRIBE", new)
    }

    public func subscribe(_ channels: String...) async throws {
        try await subscribe(channels)
    }

    /// PSUBSCRIBE with glob-style patterns (`orders.*`).
    public func psubscribe(_ patterns: [String]) async throws {
        try ensureStarted()
        let new = patterns.filter { !self.patterns.contains($0) }
        self.patterns.formUnion(new)
        try await apply("PSUBSCRIBE", new)
    }

    public func psubscribe(_ patterns: String...) async throws {
        try await psubscribe(patterns)
    }

    public func unsubscribe(_ channels: [String]) async throws {
        try ensureStarted()
        let removed = channels.filter { self.channels.contains($0) }
        self.channels.subtract(removed)
        try await apply("UNSUBSCRIBE", removed)
    }

    public func unsubscribe(_ channels: String...) async throws {
        try await unsubscribe(channels)
    }

    public func punsubscribe(_ patterns: [String]) async throws {
        try ensureStarted()
        let removed = patterns.filter { self.patterns.contains($0) }
        self.patterns.subtract(removed)
        try await apply("PUNSUBSCRIBE", removed)
    }

    public func punsubscribe(_ patterns: String...) async throws {
        try await punsubscribe(patterns)
    }

    /// PING over the subscriber connection, to check it is alive.
    public func ping() async throws {
        guard let connection, connection.isConnected else {
            throw RedisError.connectionClosed("the subscriber is not connected")
        }
        _ = try await connection.request(["PING"])
    }

    /// Closes the connection, stops reconnecting and finishes `messages`.
    public func close() async {
        isClosed = true
        reconnectLoop?.cancel()
        reconnectLoop = nil
        connecting?.cancel()
        let open = connection
        connection = nil
        await open?.close()
        continuation.finish()
    }

    private func apply(_ command: String, _ names: [String]) async throws {
        // Not connected: the sets are what the next (re)connect subscribes to.
        guard !names.isEmpty, let connection, connection.isConnected else { return }
        do {
            try await connection.change(command, names)
        } catch RedisError.connectionClosed(_) where !isClosed {
            // The connection dropped mid-request; the reconnect will apply the change.
        }
    }

    /// Refuses changes before `connect()` or after `close()`, so a caller learns that nothing will be delivered.
    private func ensureStarted() throws {
        if isClosed { throw RedisError.connectionClosed("the subscriber was closed") }
        if connection == nil, reconnectLoop == nil, connecting == nil {
            throw RedisError.connectionClosed("the subscriber is not connected; call connect() first")
        }
    }

    private func currentConnection() async throws -> PubSubConnection {
        if isClosed { throw RedisError.connectionClosed("the subscriber was closed") }
        if let connection, connection.isConnected { return connection }
        if let connecting { return try await connecting.value }
        return try await openConnection()
    }

    private func openConnection() async throws -> PubSubConnection {
        let continuation = self.continuation
        let drops = self.drops
        let task = Task { [configuration, eventLoopGroup] in
            try await PubSubConnection.connect(to: configuration, on: eventLoopGroup) { message in
                if case .dropped = continuation.yield(message) { drops.increment() }
            }
        }
        connecting = task
        defer { connecting = nil }
        let opened = try await task.value
        if isClosed {
            await opened.close()
            throw RedisError.connectionClosed("the subscriber was closed")
        }
        // Snapshot and install with no suspension in between, so a subscribe() racing with the
        // reconnect either lands in the snapshot or is sent on the new connection itself.
        let channels = Array(self.channels)
        let patterns = Array(self.patterns)
        connection = opened
        opened.onClose { [weak self] in
            Task { await self?.connectionLost(opened) }
        }
        do {
            try await opened.change("SUBSCRIBE", channels)
            try await opened.change("PSUBSCRIBE", patterns)
        } catch {
            await opened.close()
            throw error
        }
        return opened
    }

    private func connectionLost(_ lost: PubSubConnection) {
        guard lost === connection, !isClosed else { return }
        connection = nil
        logger.warning("redis subscriber connection lost; reconnecting",
                       metadata: ["redis.channels": "\(channels.count)", "redis.patterns": "\(patterns.count)"])
        guard reconnectLoop == nil else { return }
        reconnectLoop = Task { await self.reconnect() }
    }

    private func reconnect() async {
        var attempt = 0
        while !isClosed {
            do {
                try await reconnectPolicy.sleep(reconnectPolicy.delay(forAttempt: attempt))
            } catch {
                break  // cancelled by close()
            }
            attempt += 1
            if isClosed { break }
            do {
                _ = try await openConnection()
                reconnectCount += 1
                logger.info("redis subscriber re-established and resubscribed",
                            metadata: ["redis.attempts": "\(attempt)"])
                break
            } catch {
                logger.warning("redis subscriber reconnect attempt failed",
                               metadata: ["redis.attempt": "\(attempt)", "redis.error": "\(error)"])
            }
        }
        reconnectLoop = nil
    }
}

/// Counts messages dropped on the event loop, read from anywhere.
private final class DropCounter: @unchecked Sendable {
    // A plain lock: the count is touched once per dropped message, never on a hot path.
    private let lock = NSLock()
    private var count = 0

    func increment() {
        lock.lock()
        count += 1
        lock.unlock()
    }

    var value: Int {
        lock.lock()
        defer { lock.unlock() }
        return count
    }
}
