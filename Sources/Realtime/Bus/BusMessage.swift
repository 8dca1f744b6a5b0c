/// One message on the bus: a topic (`market`, `trading.<user_id>`, `admin`…) and a JSON payload.
public struct BusMessage: Sendable, Equatable {
    public let topic: String
    public let payload: [UInt8]

    public init(topic: String, payload: [UInt8]) {
        self.topic = topic
        self.payload = payload
    }
}
