import Logging
import NIOCore

/// One subscriber-mode connection: requests with their confirmations, messages to a callback.
final class PubSubConnection: Sendable {
    private let channel: any Channel
    private let commandTimeout: Duration?

    private init(channel: any Channel, commandTimeout: Duration?) {
        self.channel = channel
        self.commandTimeout = commandTimeout
    }

    static func connect(
        to configuration: RedisConfiguration,
        on group: any EventLoopGroup,
        deliver: @escaping @Sendable (RedisPubSubMessage) -> Void
    ) async throws -> PubSubConnection {
        let channel = try await RedisChannelFactory.connect(to: configuration, on: group) {
            PubSubHandler(deliver: deliver)
        }
        let connection = PubSubConnection(channel: channel, commandTimeout: configuration.commandTimeout)
        do {
            // Channels are global to the server, not per database, so SELECT is pointless here.
            try await RedisChannelFactory.handshake(configuration, selectDatabase: false, send: connection.request)
        } catch {
            await connection.close()
            throw error
        }
        return connection
    }

    var isConnected: Bool {
        channel.isActive
    }

    func request(_ arguments: [RedisArgument]) async throws -> RedisValue {
        let promise = channel.eventLoop.makePromise(of: RedisValue.self)
        send(PubSubRequest(arguments: arguments, expectation: .reply(promise)), completion: promise.futureResult)
        return try await promise.futureResult.get()
    }

    /// Sends a (P)(UN)SUBSCRIBE for `names` and waits until each is confirmed.
    func change(_ command: String, _ names: [String]) async throws {
        guard !names.isEmpty else { return }
        let promise = channel.eventLoop.makePromise(of: Void.self)
        let arguments = [RedisArgument(command)] + names.map { RedisArgument($0) }
        send(PubSubRequest(arguments: arguments, expectation: .confirmations(names.count, promise)),
             completion: promise.futureResult)
        try await promise.futureResult.get()
    }

    func close() async {
        try? await channel.close()
    }

    func onClose(_ body: @escaping @Sendable () -> Void) {
        channel.closeFuture.whenComplete { _ in body() }
    }

    private func send<Value>(_ request: PubSubRequest, completion: EventLoopFuture<Value>) {
        // A write to a closed channel never reaches the handler; fail the request directly.
        let written = channel.eventLoop.makePromise(of: Void.self)
        written.futureResult.whenFailure { error in
            let redisError = error as? RedisError ?? .connectionClosed("the request could not be written: \(error)")
            switch request.expectation {
            case .reply(let promise): promise.fail(redisError)
            case .confirmations(_, let promise): promise.fail(redisError)
            }
        }
        channel.writeAndFlush(request, promise: written)
        if let timeout = commandTimeout {
            let channel = self.channel
            let timer = channel.eventLoop.scheduleTask(in: timeout.timeAmount) {
                channel.triggerUserOutboundEvent(RedisCommandTimedOut(timeout: timeout), promise: nil)
            }
            completion.whenComplete { _ in timer.cancel() }
        }
    }
}
