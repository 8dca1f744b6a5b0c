import Logging

/// Feeds a hub from the bus, so a message published on any instance reaches this instance's
/// sockets. Bus payloads are `{"type": "...", "data": {...}}`; `data` is forwarded verbatim.
///
/// Topics: `market` (routed by `data.symbol`), `trading.<user_id>`, `admin.<user_id>`,
/// `notifications.<user_id>`, `alerts.<user_id>` to that channel. Every topic is one channel
/// stream: a message for many users (a broadcast, an alert for every admin) is published once per
/// user by its sender, so each stream's seq is the same on every instance and a client can resume
/// on any of them. (A hub-side fan-out to "whoever is connected here" would number each
/// instance's streams differently.)
public struct BusBridge: Sendable {
    public static let patterns: [TopicPattern] = [
        "market", "trading.*", "admin.*", "notifications.*", "alerts.*",
    ].map(TopicPattern.init)

    let hub: Hub
    let subscription: BusSubscription
    let logger: Logger

    /// Subscribes at once, so that nothing published after this returns is missed; `run`
    /// then consumes. (The server wraps `run` in its `Service`.)
    public static func subscribe(
        bus: any MessageBus, hub: Hub, logger: Logger = Logger(label: "bourse.realtime.bus-bridge")
    ) async throws -> BusBridge {
        BusBridge(hub: hub, subscription: try await bus.subscribe(patterns), logger: logger)
    }

    /// Forwards bus messages until the subscription ends or the task is cancelled.
    public func run() async {
        for await message in subscription.messages {
            await forward(message)
        }
    }

    /// Messages the bus dropped because this bridge fell behind.
    public var busDropped: Int { subscription.dropped }

    /// Routes one bus message into the hub; false (and counted in stats) when it is unusable.
    @discardableResult
    public func forward(_ message: BusMessage) async -> Bool {
        guard let payload = RawJSONObject(message.payload),
              let type = payload.string("type"), !type.isEmpty
        else {
            return await reject(message, "payload is not {\"type\": ..., \"data\": ...}")
        }
        let data = payload.raw("data").map(Array.init) ?? Array("null".utf8)
        guard let channel = ChannelName(message.topic) else {
            return await reject(message, "topic is not a push channel")
        }
        // Market data names its instrument in `data.symbol`; that drives the filters.
        let symbol = channel == .market ? RawJSONObject(data)?.string("symbol") : nil
        await hub.publish(channel: channel, type: type, data: data, symbol: symbol, numbered: message.seq)
        return true
    }

    private func reject(_ message: BusMessage, _ reason: String) async -> Bool {
        await hub.recordBusRejection()
        logger.warning("bus message not forwarded", metadata: ["topic": "\(message.topic)", "reason": "\(reason)"])
        return false
    }
}
