/// A snapshot of the hub for `GET /api/ws/stats`; encodes with snake_case keys whatever the
/// encoder's key strategy.
public struct HubStats: Sendable, Codable, Equatable {
    /// Open connections now.
    public var connections: Int
    public var connectionsOpenedTotal: Int
    /// Subscriptions now, per channel kind (`market`, `trading`…).
    public var connectionsPerKind: [String: Int]
    /// Subscriptions now on the busiest channels (see `HubConfiguration.statsChannelLimit`).
    public var connectionsPerChannel: [String: Int]
    /// Channels with subscribers or history.
    public var channels: Int
    public var connectionDurations: Durations
    /// Messages published into the hub per second (sliding window).
    public var messagesInPerSecond: Double
    /// Messages queued to subscribers per second (each recipient counts).
    public var messagesOutPerSecond: Double
    /// Frames received from clients per second.
    public var clientFramesPerSecond: Double
    public var messagesInTotal: Int
    public var messagesOutTotal: Int
    public var clientFramesTotal: Int
    /// Messages lost to full outbound queues.
    public var dropped: Int
    public var laggingDisconnects: Int
    public var rateLimitedDisconnects: Int
    public var badFrames: Int
    /// Bus messages the bridge could not use (bad topic or payload).
    public var busRejected: Int
    public var windowSeconds: Int

    /// Closed connections' lengths.
    public struct Durations: Sendable, Codable, Equatable {
        public var count: Int
        public var p50Seconds: Double
        public var p95Seconds: Double
        public var maxSeconds: Double
        public var histogram: [Bucket]

        enum CodingKeys: String, CodingKey {
            case count
            case p50Seconds = "p50_seconds"
            case p95Seconds = "p95_seconds"
            case maxSeconds = "max_seconds"
            case histogram
        }
    }

    /// Connections that lasted at most `leSeconds` (and more than the previous bound); the last
    /// bucket has no bound.
    public struct Bucket: Sendable, Codable, Equatable {
        public var leSeconds: Double?
        public var count: Int

        enum CodingKeys: String, CodingKey {
            case leSeconds = "le_seconds"
            case count
        }
    }

    enum CodingKeys: String, CodingKey {
        case connections
        case connectionsOpenedTotal = "connections_opened_total"
        case connectionsPerKind = "connections_per_kind"
        case connectionsPerChannel = "connections_per_channel"
        case channels
        case connectionDurations = "connection_durations"
        case messagesInPerSecond = "messages_in_per_second"
        case messagesOutPerSecond = "messages_out_per_second"
        case clientFramesPerSecond = "client_frames_per_second"
        case messagesInTotal = "messages_in_total"
        case messagesOutTotal = "messages_out_total"
        case clientFramesTotal = "client_frames_total"
        case dropped
        case laggingDisconnects = "lagging_disconnects"
        case rateLimitedDisconnects = "rate_limited_disconnects"
        case badFrames = "bad_frames"
        case busRejected = "bus_rejected"
        case windowSeconds = "window_seconds"
    }
}
