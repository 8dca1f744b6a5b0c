@testable import BourseServer
import NIOCore
import Testing

@Suite("Push socket framing")
struct PushSocketTests {
    /// RFC 6455 §5.2: the length in 7 bits below 126, else 126 and 16 bits, else 127 and 64 bits;
    /// the first byte is FIN + text; no mask bit from a server.
    @Test("text frame headers for every length encoding", arguments: [
        (0, [0x81, 0x00]),
        (125, [0x81, 125]),
        (126, [0x81, 126, 0x00, 126]),
        (65_535, [0x81, 126, 0xFF, 0xFF]),
        (65_536, [0x81, 127, 0, 0, 0, 0, 0, 1, 0, 0]),
    ] as [(Int, [UInt8])])
    func headers(length: Int, expected: [UInt8]) {
        var buffer = ByteBufferAllocator().buffer(capacity: 16)
        PushSocket.writeTextFrameHeader(length: length, into: &buffer)
        #expect(Array(buffer.readableBytesView) == expected)
    }
}
