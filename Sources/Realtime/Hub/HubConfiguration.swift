/// The hub's limits and sizes; the defaults suit one backend instance with 10,000 clients.
public struct HubConfiguration: Sendable {
    /// Messages a connection may have waiting before it is dropped as lagging.
    public var queueCapacity = 1024
    /// Messages kept for resume on the market channel.
    public var historySize = 512
    /// Messages kept for resume on each private channel; smaller, as there is one per user
    /// and it is held while the user is offline (until `historyMaxAge`).
    public var privateHistorySize = 64
    /// How long a message stays resumable.
    public var historyMaxAge: Duration = .seconds(300)
    /// Market symbols one connection may filter on.
    public var maxSymbolsPerConnection = 200
    /// Larger client frames are refused (the server should cap the WebSocket frame size too).
    public var maxFrameBytes = 8192
    /// Inbound rate limit per connection: a burst, then a steady rate.
    public var rateLimitBurst = 40
    public var rateLimitPerSecond = 20.0
    /// The sliding window for the per-second rates in `HubStats`.
    public var statsWindowSeconds = 10
    /// How many channels `HubStats.connectionsPerChannel` lists (the busiest).
    public var statsChannelLimit = 100
    /// How often idle channels with expired history are forgotten.
    public var sweepInterval: Duration = .seconds(30)

    public init() {}

    var inboundPolicy: InboundPolicy {
        InboundPolicy(
            parser: ClientFrameParser(maxFrameBytes: maxFrameBytes, maxSymbols: maxSymbolsPerConnection),
            rateBurst: rateLimitBurst,
            ratePerSecond: rateLimitPerSecond
        )
    }
}
