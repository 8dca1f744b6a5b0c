import Logging
import NIOCore
import NIOPosix

/// One connection to Redis; any number of commands may be in flight and replies come back in order.
public final class RedisConnection: RedisCommandExecutor, Sendable {
    public let configuration: RedisConfiguration
    private let channel: any Channel
    private let logger: Logger

    private init(configuration: RedisConfiguration, channel: any Channel, logger: Logger) {
        self.configuration = configuration
        self.channel = channel
        self.logger = logger
    }

    /// Connects, then authenticates, names the client and selects the database as configured.
    public static func connect(
        to configuration: RedisConfiguration,
        eventLoopGroup: any EventLoopGroup = MultiThreadedEventLoopGroup.singleton,
        logger: Logger = Logger(label: "bourse.redis")
    ) async throws -> RedisConnection {
        let channel = try await RedisChannelFactory.connect(to: configuration, on: eventLoopGroup) {
            RedisCommandHandler()
        }
        let connection = RedisConnection(configuration: configuration, channel: channel, logger: logger)
        do {
            try await RedisChannelFactory.handshake(configuration, selectDatabase: true, send: connection.send)
        } catch {
            await connection.close()
            throw error
        }
        logger.debug("redis connection open", metadata: ["redis.endpoint": "\(configuration.endpointDescription)"])
        return connection
    }

    /// False once the connection has closed, for whatever reason.
    public var isConnected: Bool {
        channel.isActive
    }

    /// Sends one command and waits for its reply; an error reply is thrown as `RedisError.server`.
    public func send(_ command: [RedisArgument]) async throws -> RedisValue {
        let reply = try await enqueue(command, flush: true).get()
        if case .error(let message) = reply { throw RedisError.server(message) }
        return reply
    }

    /// Writes all commands with one flush and returns their replies in order.
    ///
    /// Error replies are returned as `.error` values rather than thrown, so one failing command
    /// does not hide the results of the others.
    public func pipeline(_ commands: [[RedisArgument]]) async throws -> [RedisValue] {
        guard !commands.isEmpty else { return [] }
        var futures: [EventLoopFuture<RedisValue>] = []
        futures.reserveCapacity(commands.count)
        for (index, command) in commands.enumerated() {
            futures.append(enqueue(command, flush: index == commands.count - 1))
        }
        var replies: [RedisValue] = []
        replies.reserveCapacity(futures.count)
        for future in futures {
            replies.append(try await future.get())
        }
        return replies
    }

    /// Closes the connection; commands still waiting fail with `RedisError.connectionClosed`.
    public func close() async {
        try? await channel.close()
    }

    /// Calls `body` once when the connection closes, whoever closed it.
    public func onClose(_ body: @escaping @Sendable () -> Void) {
        channel.closeFuture.whenComplete { _ in body() }
    }

    private func enqueue(_ command: [RedisArgument], flush: Bool) -> EventLoopFuture<RedisValue> {
        let promise = channel.eventLoop.makePromise(of: RedisValue.self)
        let message = RedisCommand(arguments: command, promise: promise)
        // Once the channel is closed its handlers are gone and a write never reaches the reply
        // queue, so a failed write must fail the command itself (a second failure is ignored).
        let written = channel.eventLoop.makePromise(of: Void.self)
        written.futureResult.whenFailure { error in
            promise.fail(error as? RedisError ?? .connectionClosed("the command could not be written: \(error)"))
        }
        if flush {
            channel.writeAndFlush(message, promise: written)
        } else {
            channel.write(message, promise: written)
        }
        if let timeout = configuration.commandTimeout {
            let channel = self.channel
            let timer = channel.eventLoop.scheduleTask(in: timeout.timeAmount) {
                channel.triggerUserOutboundEvent(RedisCommandTimedOut(timeout: timeout), promise: nil)
            }
            // Completion and the timer run on the same event loop, so a completed command never times out.
            promise.futureResult.whenComplete { _ in timer.cancel() }
        }
        return promise.futureResult
    }
}
