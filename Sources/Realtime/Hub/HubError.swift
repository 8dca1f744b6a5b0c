/// Why the hub refused a connection or a subscription change.
public enum HubError: Error, Sendable, Equatable {
    /// A private channel without an identity (close 4401).
    case unauthenticated
    /// Someone else's channel, or an admin channel for a non-admin (close 4403).
    case forbidden
    /// The market filter would exceed the per-connection symbol cap.
    case tooManySymbols(count: Int, limit: Int)
    /// The subscriber was already disconnected.
    case notConnected

    /// The close code when this refuses a new connection.
    public var closeCode: UInt16 {
        switch self {
        case .unauthenticated: 4401
        case .forbidden: 4403
        case .tooManySymbols, .notConnected: 1008
        }
    }

    public var code: String {
        switch self {
        case .unauthenticated: "unauthenticated"
        case .forbidden: "forbidden"
        case .tooManySymbols: "too_many_symbols"
        case .notConnected: "not_connected"
        }
    }

    public var message: String {
        switch self {
        case .unauthenticated: "a valid token is required for this channel"
        case .forbidden: "this token may not open this channel"
        case .tooManySymbols(let count, let limit): "\(count) symbols exceeds the limit of \(limit) per connection"
        case .notConnected: "the connection is closed"
        }
    }

    /// The `{"type":"error",…}` message for a refused client op.
    public var reply: [UInt8] { Envelope.error(code: code, message: message) }
}
