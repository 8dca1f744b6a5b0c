/// Why the hub ended a connection: the WebSocket close code and reason text to send.
public struct CloseReason: Sendable, Hashable, CustomStringConvertible {
    public let code: UInt16
    public let message: String

    public init(code: UInt16, message: String) {
        self.code = code
        self.message = message
    }

    /// The outbound queue overflowed; 1013 "try again later" invites a reconnect with resume.
    public static let lagging = CloseReason(code: 1013, message: "lagging: outbound queue full")
    /// The client sent more frames than its rate limit allows (1008 policy violation).
    public static let rateLimited = CloseReason(code: 1008, message: "rate limit exceeded")
    /// The server is shutting down; clients reconnect elsewhere.
    public static let goingAway = CloseReason(code: 1001, message: "going away")

    /// No, a bad or an expired token (4401).
    public static func unauthenticated(_ message: String = "unauthenticated") -> CloseReason {
        CloseReason(code: 4401, message: message)
    }

    /// A valid token without the right to this channel (4403).
    public static func forbidden(_ message: String = "forbidden") -> CloseReason {
        CloseReason(code: 4403, message: message)
    }

    public var description: String { "\(code) \(message)" }
}

extension CloseReason {
    /// An ordinary end (1000), reported to a reader whose connection was already disconnected.
    public static let normal = CloseReason(code: 1000, message: "closed")
}
