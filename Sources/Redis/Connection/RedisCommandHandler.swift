import NIOCore

/// A command on its way to the handler, with the promise its reply will complete.
struct RedisCommand {
    var arguments: [RedisArgument]
    var promise: EventLoopPromise<RedisValue>
}

/// Sent down the pipeline when a command has waited too long; see `RedisCommandHandler`.
struct RedisCommandTimedOut {
    var timeout: Duration
}

/// Matches replies to commands in the order they were written: Redis answers in order, so a FIFO
/// of promises is all pipelining needs. Owns the failure rules: when the connection ends, every
/// command still waiting fails with a clear error instead of hanging.
final class RedisCommandHandler: ChannelDuplexHandler {
    typealias InboundIn = RedisValue
    typealias OutboundIn = RedisCommand
    typealias OutboundOut = [RedisArgument]

    private var pending = CircularBuffer<EventLoopPromise<RedisValue>>(initialCapacity: 16)
    /// Set once the connection cannot carry more commands; later writes fail at once.
    private var closedReason: RedisError?

    func write(context: ChannelHandlerContext, data: NIOAny, promise: EventLoopPromise<Void>?) {
        let command = unwrapOutboundIn(data)
        if let closedReason {
            command.promise.fail(closedReason)
            promise?.fail(closedReason)
            return
        }
        pending.append(command.promise)
        context.write(wrapOutboundOut(command.arguments), promise: promise)
    }

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        let value = unwrapInboundIn(data)
        guard let promise = pending.popFirst() else {
            // A reply nobody asked for means the stream is out of step; nothing after it can be trusted.
            fail(context: context, with: .protocolError("received a reply with no command waiting: \(value)"))
            return
        }
        promise.succeed(value)
    }

    func triggerUserOutboundEvent(context: ChannelHandlerContext, event: Any, promise: EventLoopPromise<Void>?) {
        if let timedOut = event as? RedisCommandTimedOut {
            // Replies are matched by position, so a late reply would land on the wrong command:
            // the only safe recovery is to drop the connection and everything behind it.
            fail(context: context, with: .timeout("no reply within \(timedOut.timeout); connection closed"))
            promise?.succeed(())
        } else {
            context.triggerUserOutboundEvent(event, promise: promise)
        }
    }

    func errorCaught(context: ChannelHandlerContext, error: any Error) {
        let redisError = error as? RedisError ?? .connectionClosed("\(error)")
        fail(context: context, with: redisError)
    }

    func channelInactive(context: ChannelHandlerContext) {
        failAll(with: .connectionClosed("the connection closed before the reply arrived"))
        context.fireChannelInactive()
    }

    func handlerRemoved(context: ChannelHandlerContext) {
        failAll(with: .connectionClosed("the connection was shut down"))
    }

    private func fail(context: ChannelHandlerContext, with error: RedisError) {
        failAll(with: error)
        context.close(promise: nil)
    }

    private func failAll(with error: RedisError) {
        if closedReason == nil { closedReason = error }
        while let promise = pending.popFirst() {
            promise.fail(error)
        }
    }
}
