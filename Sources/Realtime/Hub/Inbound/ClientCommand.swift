/// A well-formed client op, ready to apply.
public enum ClientCommand: Sendable, Equatable {
    /// Join `channel` (market when the frame names none), resuming after `lastSeq` when given;
    /// for the market, `symbols` narrows or widens the filter.
    case subscribe(channel: ChannelName, symbols: [String], lastSeq: UInt64?)
    /// Leave `channel`, or with `symbols` just stop receiving those symbols.
    case unsubscribe(channel: ChannelName, symbols: [String])
    /// Answered with `{"type":"pong"}`.
    case ping
    /// A token sent as a message; the server validates it (`Hub.authenticate`).
    case auth(token: String)
}
