import NIOCore
import Redis
import Testing

@Suite struct RESPEncoderTests {
    @Test func commandIsAnArrayOfBulkStrings() {
        var buffer = ByteBuffer()
        RESPEncoder.encode(["SET", "key", RedisArgument(bytes: [0, 13, 10, 255]), 42], into: &buffer)
        let expected: [UInt8] = Array("*4\r\n$3\r\nSET\r\n$3\r\nkey\r\n$4\r\n".utf8) + [0, 13, 10, 255]
            + Array("\r\n$2\r\n42\r\n".utf8)
        #expect(Array(buffer.readableBytesView) == expected)
    }

    @Test func emptyArgumentAndUnicode() {
        var buffer = ByteBuffer()
        RESPEncoder.encode(["ECHO", "", RedisArgument("é")], into: &buffer)
        #expect(buffer.readString(length: buffer.readableBytes) == "*3\r\n$4\r\nECHO\r\n$0\r\n\r\n$2\r\né\r\n")
    }

    @Test func encodedCommandParsesBackAsTheSameArguments() throws {
        let arguments: [RedisArgument] = ["PUBLISH", "orders.1", RedisArgument(bytes: Array(0...255))]
        var buffer = ByteBuffer()
        RESPEncoder.encode(arguments, into: &buffer)
        var parser = RESPParser()
        let value = try parser.next(from: &buffer)
        #expect(value == .array(arguments.map { .bulkString($0.bytes) }))
    }
}
