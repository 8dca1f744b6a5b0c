/// A message received on a subscribed channel, or on a channel matching a subscribed pattern.
public struct RedisPubSubMessage: Sendable, Hashable {
    /// The channel the message was published to.
    public var channel: String
    /// The PSUBSCRIBE pattern that matched, nil for a plain SUBSCRIBE.
    public var pattern: String?
    public var payload: [UInt8]

    public init(channel: String, pattern: String? = nil, payload: [UInt8]) {
        self.channel = channel
        self.pattern = pattern
        self.payload = payload
    }

    /// The payload decoded as UTF-8.
    public var text: String {
        String(decoding: payload, as: UTF8.self)
    }
}
