import NIOCore

/// The NIO inbound half of RESP: bytes in, `RedisValue` replies out.
public struct RESPDecoder: ByteToMessageDecoder {
    public typealias InboundOut = RedisValue

    private var parser: RESPParser

    public init(limits: RESPLimits = RESPLimits()) {
        self.parser = RESPParser(limits: limits)
    }

    public mutating func decode(context: ChannelHandlerContext, buffer: inout ByteBuffer) throws -> DecodingState {
        guard let value = try parser.next(from: &buffer) else { return .needMoreData }
        context.fireChannelRead(wrapInboundOut(value))
        return .continue
    }

    public mutating func decodeLast(
        context: ChannelHandlerContext,
        buffer: inout ByteBuffer,
        seenEOF: Bool
    ) throws -> DecodingState {
        // A frame cut short by EOF is dropped: the pending commands fail when the channel goes inactive.
        try decode(context: context, buffer: &buffer)
    }
}
