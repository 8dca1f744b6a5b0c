import NIOCore

/// The NIO outbound half of RESP: a command's arguments out as an array of bulk strings.
public struct RESPEncoder: MessageToByteEncoder {
    public typealias OutboundIn = [RedisArgument]

    public init() {}

    public func encode(data: [RedisArgument], out: inout ByteBuffer) throws {
        Self.encode(data, into: &out)
    }

    /// Writes `arguments` as the RESP array of bulk strings that Redis expects for every command.
    public static func encode(_ arguments: [RedisArgument], into buffer: inout ByteBuffer) {
        buffer.writeInteger(UInt8(ascii: "*"))
        buffer.writeString(String(arguments.count))
        buffer.writeStaticString("\r\n")
        for argument in arguments {
            buffer.writeInteger(UInt8(ascii: "$"))
            buffer.writeString(String(argument.bytes.count))
            buffer.writeStaticString("\r\n")
            buffer.writeBytes(argument.bytes)
            buffer.writeStaticString("\r\n")
        }
    }
}
