import NIOCore

/// A request on a subscriber connection and the answer it waits for.
struct PubSubRequest {
    enum Expectation {
        /// One ordinary reply (AUTH, CLIENT SETNAME, PING).
        case reply(EventLoopPromise<RedisValue>)
        /// One confirmation per channel or pattern named by (P)(UN)SUBSCRIBE.
        case confirmations(Int, EventLoopPromise<Void>)
    }

    var arguments: [RedisArgument]
    var expectation: Expectation
}

/// Splits a subscriber connection's traffic: published messages go to `deliver` as they arrive,
/// everything else answers the oldest request, because Redis answers requests in order even in
/// subscribed mode.
final class PubSubHandler: ChannelDuplexHandler {
    typealias InboundIn = RedisValue
    typealias OutboundIn = PubSubRequest
    typealias OutboundOut = [RedisArgument]

    private static let confirmationKinds: Set<String> = ["subscribe", "psubscribe", "unsubscribe", "punsubscribe"]

    private let deliver: @Sendable (RedisPubSubMessage) -> Void
    private var waiting = CircularBuffer<PubSubRequest.Expectation>()
    private var closedReason: RedisError?

    init(deliver: @escaping @Sendable (RedisPubSubMessage) -> Void) {
        self.deliver = deliver
    }

    func write(context: ChannelHandlerContext, data: NIOAny, promise: EventLoopPromise<Void>?) {
        let request = unwrapOutboundIn(data)
        if let closedReason {
            Self.fail(request.expectation, with: closedReason)
            promise?.fail(closedReason)
            return
        }
        waiting.append(request.expectation)
        context.write(wrapOutboundOut(request.arguments), promise: promise)
    }

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        let value = unwrapInboundIn(data)
        let items = value.array ?? []
        let kind = items.first?.string?.lowercased()

        switch kind {
        case "message" where items.count == 3:
            if let channel = items[1].string, let payload = items[2].bytes {
                deliver(RedisPubSubMessage(channel: channel, payload: payload))
                return
            }
        case "pmessage" where items.count == 4:
            if let pattern = items[1].string, let channel = items[2].string, let payload = items[3].bytes {
                deliver(RedisPubSubMessage(channel: channel, pattern: pattern, payload: payload))
                return
            }
        default:
            break
        }

        guard let expectation = waiting.popFirst() else {
            fail(context: context, with: .protocolError("unexpected reply on subscriber connection: \(value)"))
            return
        }
        switch expectation {
        case .reply(let promise):
            if case .error(let message) = value {
                promise.fail(RedisError.server(message))
            } else {
                promise.succeed(value)
            }
        case .confirmations(let remaining, let promise):
            if case .error(let message) = value {
                promise.fail(RedisError.server(message))
            } else if let kind, Self.confirmationKinds.contains(kind) {
                if remaining > 1 {
                    waiting.prepend(.confirmations(remaining - 1, promise))
                } else {
                    promise.succeed(())
                }
            } else {
                promise.fail(RedisError.protocolError("expected a subscription confirmation, got \(value)"))
                fail(context: context, with: .protocolError("subscriber connection out of step: \(value)"))
            }
        }
    }

    func triggerUserOutboundEvent(context: ChannelHandlerContext, event: Any, promise: EventLoopPromise<Void>?) {
        if let timedOut = event as? RedisCommandTimedOut {
            fail(context: context, with: .timeout("no reply within \(timedOut.timeout); connection closed"))
            promise?.succeed(())
        } else {
            context.triggerUserOutboundEvent(event, promise: promise)
        }
    }

    func errorCaught(context: ChannelHandlerContext, error: any Error) {
        fail(context: context, with: error as? RedisError ?? .connectionClosed("\(error)"))
    }

    func channelInactive(context: ChannelHandlerContext) {
        failAll(with: .connectionClosed("the subscriber connection closed"))
        context.fireChannelInactive()
    }

    func handlerRemoved(context: ChannelHandlerContext) {
        failAll(with: .connectionClosed("the subscriber connection was shut down"))
    }

    private func fail(context: ChannelHandlerContext, with error: RedisError) {
        failAll(with: error)
        context.close(promise: nil)
    }

    private func failAll(with error: RedisError) {
        if closedReason == nil { closedReason = error }
        while let expectation = waiting.popFirst() {
            Self.fail(expectation, with: error)
        }
    }

    private static func fail(_ expectation: PubSubRequest.Expectation, with error: RedisError) {
        switch expectation {
        case .reply(let promise): promise.fail(error)
        case .confirmations(_, let promise): promise.fail(error)
        }
    }
}
