/// A reply decoded from the Redis wire protocol (RESP2, plus the RESP3 types a server may send).
public enum RedisValue: Sendable, Hashable {
    /// One key and its value inside a RESP3 map.
    public struct Pair: Sendable, Hashable {
        public var key: RedisValue
        public var value: RedisValue

        public init(key: RedisValue, value: RedisValue) {
            self.key = key
            self.value = value
        }
    }

    case simpleString(String)
    /// An error reply; `RedisConnection.send` turns it into `RedisError.server`.
    case error(String)
    case integer(Int)
    case bulkString([UInt8])
    case array([RedisValue])
    /// RESP2's null bulk string and null array, and RESP3's null.
    case null
    case boolean(Bool)
    case double(Double)
    /// Kept as text because it may not fit any fixed-width integer.
    case bigNumber(String)
    case map([Pair])
    case set([RedisValue])
    case push([RedisValue])

    /// The reply as text when it is a simple or bulk string (bulk bytes are read as UTF-8).
    public var string: String? {
        switch self {
        case .simpleString(let text): text
        case .bulkString(let bytes): String(decoding: bytes, as: UTF8.self)
        default: nil
        }
    }

    /// The reply as bytes when it is a simple or bulk string.
    public var bytes: [UInt8]? {
        switch self {
        case .simpleString(let text): Array(text.utf8)
        case .bulkString(let bytes): bytes
        default: nil
        }
    }

    /// The reply as an integer when it is one, or a string holding one (Redis often sends counts as text).
    public var int: Int? {
        switch self {
        case .integer(let value): value
        case .simpleString, .bulkString: string.flatMap { Int($0) }
        default: nil
        }
    }

    /// The elements when the reply is an array, set or push.
    public var array: [RedisValue]? {
        switch self {
        case .array(let values), .set(let values), .push(let values): values
        default: nil
        }
    }

    public var isNull: Bool {
        if case .null = self { return true }
        return false
    }
}

extension RedisValue: CustomStringConvertible {
    public var description: String {
        switch self {
        case .simpleString(let text): return "+\(text)"
        case .error(let message): return "-\(message)"
        case .integer(let value): return ":\(value)"
        case .bulkString(let bytes):
            // Payloads can be large or binary; a log line only needs a glimpse.
            let text = String(decoding: bytes.prefix(64), as: UTF8.self)
            return bytes.count > 64 ? "$\"\(text)…\" (\(bytes.count) bytes)" : "$\"\(text)\""
        case .array(let values): return "[" + values.map(\.description).joined(separator: ", ") + "]"
        case .null: return "(nil)"
        case .boolean(let value): return "#\(value)"
        case .double(let value): return ",\(value)"
        case .bigNumber(let text): return "(\(text)"
        case .map(let pairs): return "{" + pairs.map { "\($0.key): \($0.value)" }.joined(separator: ", ") + "}"
        case .set(let values): return "~[" + values.map(\.description).joined(separator: ", ") + "]"
        case .push(let values): return ">[" + values.map(\.description).joined(separator: ", ") + "]"
        }
    }
}
