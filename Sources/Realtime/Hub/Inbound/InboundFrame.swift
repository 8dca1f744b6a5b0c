/// A frame received from a client, as the socket reader hands it over.
public enum InboundFrame: Sendable, Equatable {
    case text([UInt8])
    /// Clients speak JSON text; binary frames are answered with an error.
    case binary([UInt8])

    public static func text(_ string: String) -> InboundFrame { .text(Array(string.utf8)) }
}
