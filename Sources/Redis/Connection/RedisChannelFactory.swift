import NIOCore
import NIOPosix

/// Opens TCP channels to Redis with the RESP codec installed; shared by commands and pub/sub.
enum RedisChannelFactory {
    static func connect(
        to configuration: RedisConfiguration,
        on group: any EventLoopGroup,
        handler: @escaping @Sendable () -> any ChannelHandler
    ) async throws(RedisError) -> any Channel {
        let limits = configuration.limits
        let bootstrap = ClientBootstrap(group: group)
            .connectTimeout(configuration.connectTimeout.timeAmount)
            // Commands are small and latency matters more than packet count.
            .channelOption(.socketOption(.tcp_nodelay), value: 1)
            .channelInitializer { channel in
                channel.eventLoop.makeCompletedFuture {
                    let operations = channel.pipeline.syncOperations
                    try operations.addHandler(ByteToMessageHandler(RESPDecoder(limits: limits)))
                    try operations.addHandler(MessageToByteHandler(RESPEncoder()))
                    try operations.addHandler(handler())
                }
            }
        do {
            return try await bootstrap.connect(host: configuration.host, port: configuration.port).get()
        } catch {
            throw .connectFailed("\(configuration.endpointDescription): \(error)")
        }
    }

    /// AUTH, CLIENT SETNAME and SELECT, in that order, before the connection is handed out.
    static func handshake(
        _ configuration: RedisConfiguration,
        selectDatabase: Bool,
        send: ([RedisArgument]) async throws -> RedisValue
    ) async throws {
        if let password = configuration.password {
            var auth: [RedisArgument] = ["AUTH"]
            if let username = configuration.username { auth.append(RedisArgument(username)) }
            auth.append(RedisArgument(password))
            try await expectOK(send(auth), command: "AUTH")
        }
        if let clientName = configuration.clientName {
            try await expectOK(send(["CLIENT", "SETNAME", RedisArgument(clientName)]), command: "CLIENT SETNAME")
        }
        if selectDatabase, let database = configuration.database, database != 0 {
            try await expectOK(send(["SELECT", RedisArgument(database)]), command: "SELECT")
        }
    }

    private static func expectOK(_ reply: RedisValue, command: String) throws(RedisError) {
        switch reply {
        case .simpleString("OK"): return
        case .error(let message): throw .server(message)
        default: throw .unexpectedReply("\(command) answered \(reply)")
        }
    }
}

extension Duration {
    /// NIO measures time in `TimeAmount`; saturate rather than trap on absurd values.
    var timeAmount: TimeAmount {
        let parts = components
        let (seconds, overflow) = parts.seconds.multipliedReportingOverflow(by: 1_000_000_000)
        guard !overflow else { return .nanoseconds(Int64.max) }
        let (total, overflow2) = seconds.addingReportingOverflow(parts.attoseconds / 1_000_000_000)
        return .nanoseconds(overflow2 ? Int64.max : total)
    }
}
