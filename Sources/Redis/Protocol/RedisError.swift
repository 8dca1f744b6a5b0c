/// Everything that can go wrong talking to Redis.
public enum RedisError: Error, Sendable, Hashable {
    /// The server answered with an error reply, e.g. `ERR value is not an integer or out of range`.
    case server(String)
    /// The connection was closed (or never usable) before a reply arrived.
    case connectionClosed(String)
    /// A TCP connection to the server could not be established.
    case connectFailed(String)
    /// No reply within the configured time; the connection is closed because replies are matched in order.
    case timeout(String)
    /// The bytes on the wire are not valid RESP, or exceed the configured limits.
    case protocolError(String)
    /// A reply had a shape the typed helper did not expect.
    case unexpectedReply(String)
    /// A URL or setting that cannot be used.
    case invalidConfiguration(String)

    /// The first word of a server error ("ERR", "WRONGTYPE", "NOAUTH"…), which names its kind.
    public var serverErrorCode: String? {
        guard case .server(let message) = self else { return nil }
        return message.split(separator: " ", maxSplits: 1).first.map(String.init)
    }
}

extension RedisError: CustomStringConvertible {
    public var description: String {
        switch self {
        case .server(let message): "redis error reply: \(message)"
        case .connectionClosed(let reason): "redis connection closed: \(reason)"
        case .connectFailed(let reason): "cannot connect to redis: \(reason)"
        case .timeout(let reason): "redis timeout: \(reason)"
        case .protocolError(let reason): "redis protocol error: \(reason)"
        case .unexpectedReply(let reason): "unexpected redis reply: \(reason)"
        case .invalidConfiguration(let reason): "invalid redis configuration: \(reason)"
        }
    }
}
