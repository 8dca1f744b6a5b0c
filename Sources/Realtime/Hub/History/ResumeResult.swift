/// What a reconnecting client with `last_seq` gets: the envelopes it missed, in order, or `reset`
/// when the hub no longer holds all of them and the client must refetch.
public enum ResumeResult: Sendable, Equatable {
    case messages([[UInt8]])
    case reset
}
