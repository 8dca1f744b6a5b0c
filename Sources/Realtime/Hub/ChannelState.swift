/// One channel inside the hub: its members, indexed by market symbol, and its history.
/// A class owned by the hub actor, so fan-out iterates members in place without copying.
final class ChannelState {
    let name: ChannelName
    /// `{"channel":"<name>",`, encoded once per channel instead of once per message.
    let head: [UInt8]
    var history: HistoryRing
    /// Members receiving every message.
    private(set) var unfiltered: [UInt64: OutboundQueue] = [:]
    /// Members with a symbol filter: they get symbol-less messages, and via `bySymbol` theirs.
    private(set) var filtered: [UInt64: OutboundQueue] = [:]
    private(set) var bySymbol: [String: [UInt64: OutboundQueue]] = [:]

    init(name: ChannelName, history: HistoryRing) {
        self.name = name
        self.history = history
        var head: [UInt8] = []
        Envelope.appendHead(channel: name, to: &head)
        self.head = head
    }

    var memberCount: Int { unfiltered.count + filtered.count }

    func add(_ id: UInt64, _ queue: OutboundQueue, filter: SymbolFilter) {
        switch filter {
        case .all:
            unfiltered[id] = queue
        case .only(let symbols):
            filtered[id] = queue
            for symbol in symbols { bySymbol[symbol, default: [:]][id] = queue }
        }
    }

    func remove(_ id: UInt64, filter: SymbolFilter) {
        switch filter {
        case .all:
            unfiltered[id] = nil
        case .only(let symbols):
            filtered[id] = nil
            for symbol in symbols {
                bySymbol[symbol]?[id] = nil
                if bySymbol[symbol]?.isEmpty == true { bySymbol[symbol] = nil }
            }
        }
    }

    /// Queues the shared `bytes` for every member whose filter admits `symbol`. Per member this
    /// is one lock and one array append: no encoding, no copy of the message.
    func fanOut(_ bytes: [UInt8], symbol: String?, delivered: inout Int, lagged: inout [(id: UInt64, dropped: Int)]) {
        Self.deliver(bytes, to: unfiltered, delivered: &delivered, lagged: &lagged)
        if let symbol {
            if let members = bySymbol[symbol] { Self.deliver(bytes, to: members, delivered: &delivered, lagged: &lagged) }
        } else {
            Self.deliver(bytes, to: filtered, delivered: &delivered, lagged: &lagged)
        }
    }

    private static func deliver(
        _ bytes: [UInt8], to members: [UInt64: OutboundQueue],
        delivered: inout Int, lagged: inout [(id: UInt64, dropped: Int)]
    ) {
        for (id, queue) in members {
            switch queue.enqueue(bytes) {
            case .enqueued: delivered += 1
            case .lagged(let dropped): lagged.append((id, dropped))
            case .closed: break
            }
        }
    }
}
