import Logging
import NIOCore
import NIOPosix

/// A long-lived Redis client: owns one pipelined connection and re-establishes it with backoff
/// whenever it drops.
///
/// While a reconnect attempt is in progress commands wait for it; while the client is backing off
/// between attempts they fail at once with `RedisError.connectionClosed`, so callers are never held
/// for an outage of unknown length. Commands in flight when the connection drops fail the same way.
public actor RedisClient: RedisCommandExecutor {
    public let configuration: RedisConfiguration
    private let eventLoopGroup: any EventLoopGroup
    private let reconnectPolicy: RedisReconnectPolicy
    private let logger: Logger

    private var connection: RedisConnection?
    private var connecting: Task<RedisConnection, any Error>?
    private var reconnectLoop: Task<Void, Never>?
    private var isClosed = false
    /// Successful reconnects after a connection was lost.
    public private(set) var reconnectCount = 0

    public init(
        configuration: RedisConfiguration,
        eventLoopGroup: any EventLoopGroup = MultiThreadedEventLoopGroup.singleton,
        reconnectPolicy: RedisReconnectPolicy = RedisReconnectPolicy(),
        logger: Logger = Logger(label: "bourse.redis")
    ) {
        self.configuration = configuration
        self.eventLoopGroup = eventLoopGroup
        self.reconnectPolicy = reconnectPolicy
        var logger = logger
        logger[metadataKey: "redis.endpoint"] = "\(configuration.endpointDescription)"
        self.logger = logger
    }

    /// Opens the first connection; throws if it cannot, so a wrong URL or password shows at startup.
    public func connect() async throws {
        _ = try await currentConnection()
    }

    public var isConnected: Bool {
        connection?.isConnected ?? false
    }

    public func send(_ command: [RedisArgument]) async throws -> RedisValue {
        try await currentConnection().send(command)
    }

    /// Sends all commands in one write; see `RedisConnection.pipeline`.
    public func pipeline(_ commands: [[RedisArgument]]) async throws -> [RedisValue] {
        try await currentConnection().pipeline(commands)
    }

    /// Closes the connection and stops reconnecting; later commands fail.
    public func close() async {
        isClosed = true
        reconnectLoop?.cancel()
        reconnectLoop = nil
        connecting?.cancel()
        let open = connection
        connection = nil
        await open?.close()
    }

    private func currentConnection() async throws -> RedisConnection {
        if isClosed { throw RedisError.connectionClosed("the client was closed") }
        if let connection {
            if connection.isConnected { return connection }
            // The close callback may not have run yet; start recovering now rather than fail twice.
            connectionLost(connection)
        }
        if let connecting { return try await connecting.value }
        if reconnectLoop != nil {
            throw RedisError.connectionClosed(
                "connection to redis at \(configuration.endpointDescription) lost; reconnecting"
            )
        }
        return try await openConnection()
    }

    private func openConnection() async throws -> RedisConnection {
        let task = Task { [configuration, eventLoopGroup, logger] in
            try await RedisConnection.connect(to: configuration, eventLoopGroup: eventLoopGroup, logger: logger)
        }
        connecting = task
        defer { connecting = nil }
        let opened = try await task.value
        if isClosed {
            await opened.close()
            throw RedisError.connectionClosed("the client was closed")
        }
        connection = opened
        opened.onClose { [weak self] in
            Task { await self?.connectionLost(opened) }
        }
        return opened
    }

    private func connectionLost(_ lost: RedisConnection) {
        guard lost === connection, !isClosed else { return }
        connection = nil
        logger.warning("redis connection lost; reconnecting")
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
                logger.info("redis connection re-established", metadata: ["redis.attempts": "\(attempt)"])
                break
            } catch {
                logger.warning(
                    "redis reconnect attempt failed",
                    metadata: ["redis.attempt": "\(attempt)", "redis.error": "\(error)"]
                )
            }
        }
        reconnectLoop = nil
    }
}
