/// One message on the bus: a topic (`market`, `trading.<user_id>`, `admin.<user_id>`…) and a JSON
/// payload.
public struct BusMessage: Sendable, Equatable {
    public let topic: String
    public let payload: [UInt8]
    /// The topic's stream position when the bus numbers topics itself (`RedisBus`: one counter per
    /// topic in Redis, so every instance sees the same seq for the same message and a client can
    /// resume on another instance). Nil on the in-process bus, where the hub numbers.
    public let seq: UInt64?

    public init(topic: String, payload: [UInt8], seq: UInt64? = nil) {
        self.topic = topic
        self.payload = payload
        self.seq = seq
    }
}
