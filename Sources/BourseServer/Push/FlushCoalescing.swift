import NIOCore

/// Turns the flushes of one event-loop turn into one: a socket writer that sends a burst of
/// frames (a simulator step publishes a quote, a trade and a candle per symbol at once) asks for
/// a flush after each, and each flush is a `writev` that, on loopback, also runs the receiver's
/// TCP path. Deferred to the end of the current turn, the burst leaves in one system call; a
/// lone frame leaves in the same turn it was written, so nothing waits for a timer. Like Netty's
/// `FlushConsolidationHandler` without its read-side heuristics. Added to WebSocket connections
/// only, once upgraded: an HTTP response is one write and one flush, and deferring it only adds
/// the time the loop takes to reach the end of its queue.
final class FlushCoalescingHandler: ChannelOutboundHandler, RemovableChannelHandler {
    typealias OutboundIn = NIOAny
    typealias OutboundOut = NIOAny

    private var flushScheduled = false

    func flush(context: ChannelHandlerContext) {
        guard !flushScheduled else { return }
        flushScheduled = true
        let loopBound = NIOLoopBound((self, context), eventLoop: context.eventLoop)
        context.eventLoop.execute {
            let (handler, context) = loopBound.value
            handler.flushScheduled = false
            context.flush()
        }
    }

    func close(context: ChannelHandlerContext, mode: CloseMode, promise: EventLoopPromise<Void>?) {
        // Whatever was written goes out before the close (a close frame's reason, the lagging notice).
        if flushScheduled {
            flushScheduled = false
            context.flush()
        }
        context.close(mode: mode, promise: promise)
    }
}
