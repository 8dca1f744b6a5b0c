/// What the socket reader should do after `Hub.receive`; any reply has already been queued.
public enum InboundOutcome: Sendable, Equatable {
    /// Keep reading.
    case handled
    /// The client sent `{"op":"auth"}`: validate the token, then call `Hub.authenticate`
    /// (or `Hub.close` with `CloseReason.unauthenticated`).
    case authenticate(token: String)
    /// The hub closed the connection (the writer gets the same `.close`): stop reading.
    case close(CloseReason)
}
