/// One argument of a command as it goes on the wire: Redis arguments are binary-safe byte strings.
public struct RedisArgument: Sendable, Hashable, ExpressibleByStringLiteral, ExpressibleByIntegerLiteral {
    public var bytes: [UInt8]

    public init(_ string: String) {
        self.bytes = Array(string.utf8)
    }

    public init(bytes: [UInt8]) {
        self.bytes = bytes
    }

    public init(_ value: Int) {
        self.bytes = Array(String(value).utf8)
    }

    public init(stringLiteral value: String) {
        self.init(value)
    }

    public init(integerLiteral value: Int) {
        self.init(value)
    }
}
