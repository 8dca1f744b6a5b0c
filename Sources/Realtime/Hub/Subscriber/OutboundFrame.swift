/// One item for a connection's socket writer: a text frame to send, or the close to send last.
public enum OutboundFrame: Sendable, Equatable {
    /// A complete JSON text message; the bytes are shared with every other recipient.
    case text([UInt8])
    /// The hub closed the connection: send a close frame with this code and reason, then stop.
    case close(CloseReason)
}
