import NIOCore
import Redis
import Testing

@Suite struct RESPParserTests {
    /// Parses every complete value in `wire`, failing if bytes are left over.
    private func parseAll(_ wire: String, limits: RESPLimits = RESPLimits()) throws -> [RedisValue] {
        var parser = RESPParser(limits: limits)
        var buffer = ByteBuffer(string: wire)
        var values: [RedisValue] = []
        while let value = try parser.next(from: &buffer) {
            values.append(value)
        }
        #expect(buffer.readableBytes == 0, "unconsumed bytes: \(buffer.readableBytes)")
        return values
    }

    private func parseOne(_ wire: String) throws -> RedisValue {
        let values = try parseAll(wire)
        try #require(values.count == 1, "expected one value, got \(values)")
        return values[0]
    }

    @Test func simpleTypes() throws {
        #expect(try parseOne("+OK\r\n") == .simpleString("OK"))
        #expect(try parseOne("-ERR boom\r\n") == .error("ERR boom"))
        #expect(try parseOne(":42\r\n") == .integer(42))
        #expect(try parseOne(":-7\r\n") == .integer(-7))
        #expect(try parseOne(":-9223372036854775808\r\n") == .integer(Int.min))
        #expect(try parseOne("+\r\n") == .simpleString(""))
    }

    @Test func bulkStrings() throws {
        #expect(try parseOne("$5\r\nhello\r\n") == .bulkString(Array("hello".utf8)))
        #expect(try parseOne("$0\r\n\r\n") == .bulkString([]))
        #expect(try parseOne("$-1\r\n") == .null)
        // Bulk strings are binary-safe: CRLF inside the payload is data, not a terminator.
        #expect(try parseOne("$4\r\na\r\nb\r\n") == .bulkString(Array("a\r\nb".utf8)))
    }

    @Test func arrays() throws {
        #expect(try parseOne("*0\r\n") == .array([]))
        #expect(try parseOne("*-1\r\n") == .null)
        #expect(
            try parseOne("*3\r\n:1\r\n$3\r\nfoo\r\n*2\r\n+a\r\n$-1\r\n")
                == .array([.integer(1), .bulkString(Array("foo".utf8)), .array([.simpleString("a"), .null])])
        )
        #expect(try parseOne("*2\r\n*0\r\n*1\r\n*0\r\n") == .array([.array([]), .array([.array([])])]))
    }

    @Test func severalValuesInOneRead() throws {
        #expect(try parseAll("+OK\r\n:1\r\n$1\r\nx\r\n") == [.simpleString("OK"), .integer(1), .bulkString([120])])
    }

    @Test func resp3TypesAreTolerated() throws {
        #expect(try parseOne("_\r\n") == .null)
        #expect(try parseOne("#t\r\n") == .boolean(true))
        #expect(try parseOne("#f\r\n") == .boolean(false))
        #expect(try parseOne(",3.5\r\n") == .double(3.5))
        #expect(try parseOne(",inf\r\n") == .double(.infinity))
        #expect(try parseOne("(123456789012345678901234567890\r\n") == .bigNumber("123456789012345678901234567890"))
        #expect(try parseOne("=8\r\ntxt:abcd\r\n") == .bulkString(Array("abcd".utf8)))
        #expect(try parseOne("!9\r\nERR oops!\r\n") == .error("ERR oops!"))
        #expect(try parseOne("~2\r\n:1\r\n:2\r\n") == .set([.integer(1), .integer(2)]))
        #expect(try parseOne(">2\r\n+a\r\n+b\r\n") == .push([.simpleString("a"), .simpleString("b")]))
        #expect(
            try parseOne("%2\r\n+a\r\n:1\r\n+b\r\n:2\r\n")
                == .map([.init(key: .simpleString("a"), value: .integer(1)),
                         .init(key: .simpleString("b"), value: .integer(2))])
        )
        // An attribute annotates the next value and is dropped, at top level and inside an array.
        #expect(try parseOne("|1\r\n+ttl\r\n:3\r\n+OK\r\n") == .simpleString("OK"))
        #expect(try parseOne("*2\r\n|1\r\n+k\r\n+v\r\n:1\r\n:2\r\n") == .array([.integer(1), .integer(2)]))
    }

    @Test func partialFramesAtEverySplitPoint() throws {
        let wire = "*4\r\n$5\r\nhello\r\n:12\r\n*2\r\n+x\r\n$-1\r\n-ERR e\r\n+DONE\r\n"
        let expected: [RedisValue] = [
            .array([.bulkString(Array("hello".utf8)), .integer(12), .array([.simpleString("x"), .null]), .error("ERR e")]),
            .simpleString("DONE"),
        ]
        let bytes = Array(wire.utf8)
        for split in 0...bytes.count {
            var parser = RESPParser()
            var buffer = ByteBuffer(bytes: bytes[..<split])
            var values: [RedisValue] = []
            while let value = try parser.next(from: &buffer) { values.append(value) }
            buffer.writeBytes(bytes[split...])
            while let value = try parser.next(from: &buffer) { values.append(value) }
            #expect(values == expected, "split at \(split)")
            #expect(buffer.readableBytes == 0)
        }
    }

    @Test func byteAtATime() throws {
        let bytes = Array("*2\r\n$3\r\nfoo\r\n*1\r\n:-5\r\n".utf8)
        var parser = RESPParser()
        var buffer = ByteBuffer()
        var values: [RedisValue] = []
        for byte in bytes {
            buffer.writeInteger(byte)
            while let value = try parser.next(from: &buffer) { values.append(value) }
        }
        #expect(values == [.array([.bulkString(Array("foo".utf8)), .array([.integer(-5)])])])
    }

    @Test func incompleteBulkConsumesNothing() throws {
        var parser = RESPParser()
        var buffer = ByteBuffer(string: "$10\r\nhello")
        #expect(try parser.next(from: &buffer) == nil)
        #expect(buffer.readerIndex == 0)
        buffer.writeString("world\r\n")
        #expect(try parser.next(from: &buffer) == .bulkString(Array("helloworld".utf8)))
    }

    @Test(arguments: [
        "?what\r\n",            // unknown type byte
        ":12a\r\n",             // not a number
        ":\r\n",                // empty number
        ":99999999999999999999\r\n",  // overflows Int
        "$3\r\nabcde\r\n",      // bulk not followed by CRLF
        "$-2\r\n",              // negative length other than -1
        "*-5\r\n",
        "+OK\n",                // LF without CR
        "#x\r\n",
        ",notadouble\r\n",
        "_x\r\n",
    ])
    func malformedInputIsAProtocolError(wire: String) {
        #expect {
            _ = try parseAll(wire)
        } throws: { error in
            guard case RedisError.protocolError = error else { return false }
            return true
        }
    }

    @Test func limitsAreEnforcedBeforeThePayloadArrives() {
        let limits = RESPLimits(maxBulkLength: 16, maxAggregateCount: 4, maxDepth: 3, maxLineLength: 32)
        for wire in [
            "$17\r\n",                         // bulk over the limit, refused from its header alone
            "*5\r\n",                          // array over the limit
            "%3\r\n",                          // map of 3 pairs = 6 elements
            "*1\r\n*1\r\n*1\r\n*1\r\n:1\r\n",  // nested deeper than 3
            "+" + String(repeating: "a", count: 40),  // line with no CRLF in sight
            "$536870913\r\n",
        ] {
            #expect(throws: RedisError.self, "\(wire.prefix(20))") {
                _ = try parseAll(wire, limits: limits)
            }
        }
        // The default limits refuse a bulk over 512 MB and an array over a million elements.
        #expect(throws: RedisError.self) { _ = try parseAll("$536870913\r\n") }
        #expect(throws: RedisError.self) { _ = try parseAll("*1000001\r\n") }
    }
}
