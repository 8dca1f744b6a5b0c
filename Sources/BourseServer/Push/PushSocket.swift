import NIOCore

/// The socket end of an upgraded push connection, next to the socket in the pipeline.
///
/// The hub's messages are complete UTF-8 JSON, and a server's WebSocket frames are not masked, so
/// a text frame is a two-to-ten-byte header and the message's bytes. `PushSocket.send` frames a
/// whole batch of queued messages into one buffer and writes it here in one event-loop hop: per
/// message that costs a header and a copy, where the framework's writer costs a frame object, an
/// async-writer element and a hop each (measured: allocation and reference counting were most of
/// the fan-out's time, BENCHMARKS.md). Control frames (ping, pong, close) still go through the
/// framework, whole frames between whole frames.
///
/// Flushes are also coalesced, to one per event-loop turn: a burst written by several writers
/// leaves in one `writev`, and on loopback each `writev` also runs the receiver's TCP path. Like
/// Netty's `FlushConsolidationHandler` without its read-side heuristics.
final class PushSocketHandler: ChannelDuplexHandler, RemovableChannelHandler {
    typealias InboundIn = NIOAny
    typealias InboundOut = NIOAny
    typealias OutboundIn = NIOAny
    typealias OutboundOut = NIOAny

    private var flushScheduled = false
    private var context: ChannelHandlerContext?
    /// Writers waiting for the socket to take more (see `PushSocket.waitUntilWritable`).
    private var waiters: [CheckedContinuation<Void, Never>] = []

    func handlerAdded(context: ChannelHandlerContext) { self.context = context }

    func handlerRemoved(context: ChannelHandlerContext) {
        self.context = nil
        resumeWaiters()
    }

    func channelWritabilityChanged(context: ChannelHandlerContext) {
        if context.channel.isWritable { resumeWaiters() }
        context.fireChannelWritabilityChanged()
    }

    func channelInactive(context: ChannelHandlerContext) {
        resumeWaiters()
        context.fireChannelInactive()
    }

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
        // Whatever was written goes out before the close (a close frame's reason).
        if flushScheduled {
            flushScheduled = false
            context.flush()
        }
        context.close(mode: mode, promise: promise)
    }

    /// Writes already framed bytes towards the socket, and a (coalesced) flush.
    func writeFramed(_ buffer: ByteBuffer) {
        guard let context, context.channel.isActive else { return }
        context.write(NIOAny(buffer), promise: nil)
        flush(context: context)
    }

    /// Resumes `continuation` once the socket takes more (at once if it does now, or is gone).
    func whenWritable(_ continuation: CheckedContinuation<Void, Never>) {
        guard let context, context.channel.isActive, !context.channel.isWritable else {
            continuation.resume()
            return
        }
        waiters.append(continuation)
    }

    private func resumeWaiters() {
        let waiting = waiters
        waiters = []
        for waiter in waiting { waiter.resume() }
    }
}

/// A writer task's handle on `PushSocketHandler`.
struct PushSocket: Sendable {
    let channel: any Channel
    private let handler: NIOLoopBound<PushSocketHandler>

    /// Puts a `PushSocketHandler` next to the socket of an upgraded connection.
    static func attach(to channel: any Channel) async throws -> PushSocket {
        try await channel.eventLoop.submit {
            let handler = PushSocketHandler()
            try channel.pipeline.syncOperations.addHandler(handler, position: .first)
            return PushSocket(channel: channel, handler: NIOLoopBound(handler, eventLoop: channel.eventLoop))
        }.get()
    }

    private init(channel: any Channel, handler: NIOLoopBound<PushSocketHandler>) {
        self.channel = channel
        self.handler = handler
    }

    /// Sends each message as one text frame, the whole batch in one write. Waits first while the
    /// socket takes no more, so a client that stops reading fills the hub's bounded queue (and
    /// is dropped as lagging) instead of this process's memory.
    func send(_ messages: [[UInt8]]) async {
        await waitUntilWritable()
        var buffer = channel.allocator.buffer(capacity: messages.reduce(0) { $0 + $1.count + 10 })
        for message in messages {
            Self.writeTextFrameHeader(length: message.count, into: &buffer)
            buffer.writeBytes(message)
        }
        let handler = self.handler
        channel.eventLoop.execute { handler.value.writeFramed(buffer) }
    }

    func waitUntilWritable() async {
        if channel.isWritable || !channel.isActive { return }
        let handler = self.handler
        await withCheckedContinuation { continuation in
            channel.eventLoop.execute { handler.value.whenWritable(continuation) }
        }
    }

    /// RFC 6455 §5.2: FIN and the text opcode, no mask, the payload length in 7, 16 or 64 bits.
    static func writeTextFrameHeader(length: Int, into buffer: inout ByteBuffer) {
        buffer.writeInteger(UInt8(0x81))
        if length < 126 {
            buffer.writeInteger(UInt8(length))
        } else if length <= Int(UInt16.max) {
            buffer.writeInteger(UInt8(126))
            buffer.writeInteger(UInt16(length))
        } else {
            buffer.writeInteger(UInt8(127))
            buffer.writeInteger(UInt64(length))
        }
    }
}
