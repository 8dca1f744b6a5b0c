/// The push hub: channels, their subscribers, sequence numbers, history and stats.
///
/// Design, for speed and for isolation of slow clients:
/// - One actor owns all routing state, so connect, subscribe and publish are serialised and a
///   resume can never miss or repeat a message published at the same moment.
/// - `publish` assigns the channel's next seq, encodes the envelope once and hands the same
///   `[UInt8]` (reference-counted, never copied) to each member's `OutboundQueue`. Per member
///   that is one uncontended lock and one append into storage the queue recycles, so a market
///   message to 10,000 subscribers allocates nothing per subscriber.
/// - Members of a channel are indexed by market symbol, so a quote for one symbol visits only
///   the connections that want it (plus those taking everything).
/// - Queues are bounded and producers never wait: a full queue closes its connection as
///   lagging instead of slowing the hub. The socket writer runs in the connection's own task.
/// - Client frames are parsed and rate limited outside the actor (`receive` is nonisolated);
///   only subscription changes enter it.
public actor Hub {
    public let configuration: HubConfiguration
    private let clock: HubClock
    private let policy: InboundPolicy
    private let meter: HubMeter
    private let historyMaxAgeMicros: Int64
    private let sweepIntervalMicros: Int64
    private var lastSweepMicros: Int64

    private struct Connection {
        let subscriber: Subscriber
        var identity: Identity?
        /// Channels joined, with the symbol filter (always `.all` off the market).
        var channels: [ChannelName: SymbolFilter] = [:]
    }

    private var connections: [UInt64: Connection] = [:]
    private var channels: [ChannelName: ChannelState] = [:]
    // Kept apart from `channels`, which forgets idle channels: a seq must never restart, or a
    // client's stale `last_seq` would look current.
    private var seqs: [ChannelName: UInt64] = [:]
    private var lastID: UInt64 = 0

    public init(configuration: HubConfiguration = HubConfiguration(), clock: HubClock = .system) {
        self.configuration = configuration
        self.clock = clock
        policy = configuration.inboundPolicy
        meter = HubMeter(windowSeconds: configuration.statsWindowSeconds)
        historyMaxAgeMicros = configuration.historyMaxAge.microseconds
        sweepIntervalMicros = configuration.sweepInterval.microseconds
        lastSweepMicros = clock.nowMicros()
    }

    // MARK: Connections

    /// Admits a connection to `channel` for `identity` (nil when anonymous). `symbols` filters
    /// the market (empty: all); with `lastSeq` the missed messages (or a reset) come first.
    public func connect(
        to channel: ChannelName, identity: Identity?, symbols: [String] = [], lastSeq: UInt64? = nil
    ) throws(HubError) -> Subscriber {
        try Self.check(channel.access(for: identity))
        let filter = try subscriptionFilter(channel: channel, current: nil, symbols: symbols)
        let now = clock.nowMicros()
        lastID += 1
        let subscriber = Subscriber(
            id: lastID, channel: channel, connectedAtMicros: now,
            queueCapacity: configuration.queueCapacity, inbound: policy.initialState()
        )
        connections[subscriber.id] = Connection(subscriber: subscriber, identity: identity)
        meter.opened()
        join(subscriber, channel: channel, filter: filter, lastSeq: lastSeq, now: now)
        return subscriber
    }

    /// Forgets a connection whose socket closed; its outbound stream finishes. Idempotent.
    public func disconnect(_ subscriber: Subscriber) {
        subscriber.queue.close(nil)
        remove(subscriber.id)
    }

    /// Ends a connection from the server side (an expired token…): the writer gets `.close`.
    public func close(_ subscriber: Subscriber, reason: CloseReason) {
        subscriber.queue.close(reason)
        remove(subscriber.id)
    }

    /// Sets the identity proven by an `auth` message. Subscriptions the new identity may not
    /// hold are dropped; if that includes the connection's own channel it is closed (4403).
    public func authenticate(_ subscriber: Subscriber, as identity: Identity) {
        guard var connection = connections[subscriber.id] else { return }
        connection.identity = identity
        for (channel, filter) in connection.channels where channel.access(for: identity) != .allow {
            channels[channel]?.remove(subscriber.id, filter: filter)
            connection.channels[channel] = nil
        }
        connections[subscriber.id] = connection
        if subscriber.channel.access(for: identity) != .allow {
            close(subscriber, reason: .forbidden())
        }
    }

    /// Closes every connection with "going away", for graceful shutdown.
    public func shutdown() {
        for connection in connections.values { connection.subscriber.queue.close(.goingAway) }
        for id in Array(connections.keys) { remove(id) }
    }

    // MARK: Subscriptions

    /// Joins `channel` (or, for the market, adds `symbols` to the filter) and returns the filter
    /// now in force; with `lastSeq` the missed messages (or a reset) are queued first.
    @discardableResult
    public func subscribe(
        _ subscriber: Subscriber, to channel: ChannelName, symbols: [String] = [], lastSeq: UInt64? = nil
    ) throws(HubError) -> SymbolFilter {
        guard let connection = connections[subscriber.id] else { throw .notConnected }
        try Self.check(channel.access(for: connection.identity))
        let filter = try subscriptionFilter(channel: channel, current: connection.channels[channel], symbols: symbols)
        join(subscriber, channel: channel, filter: filter, lastSeq: lastSeq, now: clock.nowMicros())
        return filter
    }

    /// Leaves `channel`, or with `symbols` only stops those market symbols; returns the filter
    /// left in force (nil when no longer subscribed).
    @discardableResult
    public func unsubscribe(_ subscriber: Subscriber, from channel: ChannelName, symbols: [String] = []) -> SymbolFilter? {
        guard let current = connections[subscriber.id]?.channels[channel] else { return nil }
        let state = channels[channel]
        state?.remove(subscriber.id, filter: current)
        guard !symbols.isEmpty else {
            connections[subscriber.id]?.channels[channel] = nil
            return nil
        }
        let filter = current.removing(symbols)
        state?.add(subscriber.id, subscriber.queue, filter: filter)
        connections[subscriber.id]?.channels[channel] = filter
        return filter
    }

    // MARK: Publishing

    /// Publishes `data` (JSON bytes) on `channel` as a message of `type`; `symbol` routes market
    /// messages through the filters. Returns the seq assigned.
    ///
    /// `numbered` is the seq the bus already gave the message (shared by every instance, so a
    /// client can resume anywhere). A seq at or below the current one is a repeat and is dropped;
    /// one beyond the next means this hub missed messages (it started later, or its bus
    /// connection dropped), so the history is cleared: a client asking for the gap gets `reset`
    /// rather than a stream with a hole in it.
    @discardableResult
    public func publish(channel: ChannelName, type: String, data: [UInt8], symbol: String? = nil, numbered: UInt64? = nil) -> UInt64 {
        let now = clock.nowMicros()
        let current = seqs[channel] ?? 0
        let seq = numbered ?? current + 1
        if seq <= current { return current }
        seqs[channel] = seq
        let state = channelState(channel)
        if seq > current + 1 { state.history.removeAll() }
        var bytes: [UInt8] = []
        bytes.reserveCapacity(state.head.count + 72 + type.utf8.count + data.count)
        bytes.append(contentsOf: state.head)
        Envelope.appendTail(type: type, seq: seq, micros: now, data: data, to: &bytes)
        state.history.append(HistoryRing.Entry(seq: seq, micros: now, symbol: symbol, bytes: bytes))
        var delivered = 0
        var lagged: [(id: UInt64, dropped: Int)] = []
        state.fanOut(bytes, symbol: symbol, delivered: &delivered, lagged: &lagged)
        meter.published(delivered: delivered, nowMicros: now)
        for entry in lagged { droppedAsLagging(entry.id, dropped: entry.dropped) }
        sweepIfDue(now: now)
        return seq
    }

    /// The messages after `lastSeq` still held for `channel` (those `filter` admits), or reset.
    public func resume(channel: ChannelName, after lastSeq: UInt64, filter: SymbolFilter = .all) -> ResumeResult {
        let now = clock.nowMicros()
        let current = seqs[channel] ?? 0
        if lastSeq == current { return .messages([]) }
        guard let entries = channels[channel]?.history.since(lastSeq, currentSeq: current, now: now) else { return .reset }
        return .messages(entries.filter { filter.admits($0.symbol) }.map(\.bytes))
    }

    /// The latest seq assigned on `channel` (0 before the first message).
    public func currentSeq(of channel: ChannelName) -> UInt64 { seqs[channel] ?? 0 }

    // MARK: Client frames

    /// Handles one frame from `subscriber`'s socket: rate limit, parse, apply. Replies (pong,
    /// acks, errors) are queued on the connection; the outcome tells the reader what to do next.
    public nonisolated func receive(_ frame: InboundFrame, from subscriber: Subscriber) async -> InboundOutcome {
        if subscriber.isClosed { return .close(subscriber.closeReason ?? .normal) }
        let now = clock.nowMicros()
        let decision = subscriber.inbound.withLock { policy.evaluate(frame, state: &$0, nowMicros: now) }
        if case .reject = decision {
            meter.clientFrame(bad: true, nowMicros: now)
        } else {
            meter.clientFrame(bad: false, nowMicros: now)
        }
        switch decision {
        case .close(let reason):
            meter.rateLimited()
            await close(subscriber, reason: reason)
            return .close(reason)
        case .reject(let error):
            return await reply(error.reply, to: subscriber, nowMicros: now)
        case .command(.ping):
            return await reply(Envelope.pong, to: subscriber, nowMicros: now)
        case .command(.auth(let token)):
            return .authenticate(token: token)
        case .command(let command):
            return await apply(command, from: subscriber)
        }
    }

    /// Queues a reply without entering the actor unless the queue overflowed.
    private nonisolated func reply(_ bytes: [UInt8], to subscriber: Subscriber, nowMicros: Int64) async -> InboundOutcome {
        switch subscriber.queue.enqueue(bytes) {
        case .enqueued:
            meter.delivered(1, nowMicros: nowMicros)
            return .handled
        case .lagged(let dropped):
            await droppedAsLagging(subscriber.id, dropped: dropped)
            return .close(.lagging)
        case .closed:
            return .close(subscriber.closeReason ?? .normal)
        }
    }

    private func apply(_ command: ClientCommand, from subscriber: Subscriber) -> InboundOutcome {
        guard let connection = connections[subscriber.id] else { return .close(subscriber.closeReason ?? .normal) }
        let now = clock.nowMicros()
        switch command {
        case .subscribe(let channel, let symbols, let lastSeq):
            let filter: SymbolFilter
            do throws(HubError) {
                try Self.check(channel.access(for: connection.identity))
                filter = try subscriptionFilter(channel: channel, current: connection.channels[channel], symbols: symbols)
            } catch {
                return send(error.reply, to: subscriber, now: now)
            }
            // The ack goes first so a client can tell resumed messages from the subscription.
            let ack = Envelope.subscription(type: "subscribed", channel: channel, filter: channel == .market ? filter : nil)
            if case .close(let reason) = send(ack, to: subscriber, now: now) { return .close(reason) }
            join(subscriber, channel: channel, filter: filter, lastSeq: lastSeq, now: now)
            return subscriber.isClosed ? .close(subscriber.closeReason ?? .normal) : .handled
        case .unsubscribe(let channel, let symbols):
            let filter = unsubscribe(subscriber, from: channel, symbols: symbols)
            return send(Envelope.subscription(type: "unsubscribed", channel: channel, filter: filter), to: subscriber, now: now)
        case .ping:
            return send(Envelope.pong, to: subscriber, now: now)
        case .auth(let token):
            return .authenticate(token: token)
        }
    }

    // MARK: Stats

    /// A snapshot of connections, rates and losses.
    public func stats() -> HubStats {
        let now = clock.nowMicros()
        let counters = meter.snapshot()
        var perKind: [String: Int] = [:]
        var busiest: [(name: ChannelName, members: Int)] = []
        for (name, state) in channels where state.memberCount > 0 {
            perKind[name.kind.rawValue, default: 0] += state.memberCount
            busiest.append((name, state.memberCount))
        }
        busiest.sort { $0.members != $1.members ? $0.members > $1.members : $0.name.description < $1.name.description }
        var perChannel: [String: Int] = [:]
        for entry in busiest.prefix(configuration.statsChannelLimit) { perChannel[entry.name.description] = entry.members }
        return HubStats(
            connections: connections.count,
            connectionsOpenedTotal: counters.connectionsOpened,
            connectionsPerKind: perKind,
            connectionsPerChannel: perChannel,
            channels: channels.count,
            connectionDurations: counters.durations.summary(),
            messagesInPerSecond: counters.inWindow.perSecond(nowMicros: now),
            messagesOutPerSecond: counters.outWindow.perSecond(nowMicros: now),
            clientFramesPerSecond: counters.framesWindow.perSecond(nowMicros: now),
            messagesInTotal: counters.messagesIn,
            messagesOutTotal: counters.messagesOut,
            clientFramesTotal: counters.clientFrames,
            dropped: counters.dropped,
            laggingDisconnects: counters.laggingDisconnects,
            rateLimitedDisconnects: counters.rateLimitedDisconnects,
            badFrames: counters.badFrames,
            busRejected: counters.busRejected,
            windowSeconds: meter.windowSeconds
        )
    }

    /// Counts a bus message the bridge could not route.
    func recordBusRejection() { meter.busRejected() }

    // MARK: Internals

    private static func check(_ access: ChannelAccess) throws(HubError) {
        switch access {
        case .allow: return
        case .unauthenticated: throw .unauthenticated
        case .forbidden: throw .forbidden
        }
    }

    /// The filter a subscription would have; for the market the first symbols narrow `all`.
    private func subscriptionFilter(channel: ChannelName, current: SymbolFilter?, symbols: [String]) throws(HubError) -> SymbolFilter {
        guard channel == .market else { return .all }
        let filter: SymbolFilter
        if let current {
            filter = symbols.isEmpty ? current : current.adding(symbols)
        } else {
            filter = symbols.isEmpty ? .all : SymbolFilter.all.adding(symbols)
        }
        guard filter.count <= configuration.maxSymbolsPerConnection else {
            throw .tooManySymbols(count: filter.count, limit: configuration.maxSymbolsPerConnection)
        }
        return filter
    }

    private func channelState(_ name: ChannelName) -> ChannelState {
        if let state = channels[name] { return state }
        let size = name == .market ? configuration.historySize : configuration.privateHistorySize
        let state = ChannelState(name: name, history: HistoryRing(capacity: size, maxAgeMicros: historyMaxAgeMicros))
        channels[name] = state
        return state
    }

    /// Adds the subscriber to `channel`, first queueing what it missed after `lastSeq`. Runs
    /// without suspending, so no publish can fall between the resume and the membership.
    private func join(_ subscriber: Subscriber, channel: ChannelName, filter: SymbolFilter, lastSeq: UInt64?, now: Int64) {
        guard let connection = connections[subscriber.id] else { return }
        let state = channelState(channel)
        if let old = connection.channels[channel] { state.remove(subscriber.id, filter: old) }
        if let lastSeq {
            var backlog: [[UInt8]]
            switch resume(channel: channel, after: lastSeq, filter: filter) {
            case .messages(let messages): backlog = messages
            case .reset: backlog = [Envelope.reset(channel: channel)]
            }
            // A backlog that would overflow the queue would only get the client dropped.
            if backlog.count + subscriber.queue.pendingCount >= subscriber.queue.capacity {
                backlog = [Envelope.reset(channel: channel)]
            }
            for message in backlog {
                guard case .handled = send(message, to: subscriber, now: now) else { return }
            }
        }
        state.add(subscriber.id, subscriber.queue, filter: filter)
        connections[subscriber.id]?.channels[channel] = filter
    }

    /// Queues one message for one subscriber from inside the actor.
    private func send(_ bytes: [UInt8], to subscriber: Subscriber, now: Int64) -> InboundOutcome {
        switch subscriber.queue.enqueue(bytes) {
        case .enqueued:
            meter.delivered(1, nowMicros: now)
            return .handled
        case .lagged(let dropped):
            droppedAsLagging(subscriber.id, dropped: dropped)
            return .close(.lagging)
        case .closed:
            return .close(subscriber.closeReason ?? .normal)
        }
    }

    private func droppedAsLagging(_ id: UInt64, dropped: Int) {
        meter.lagged(dropped: dropped)
        remove(id)
    }

    private func remove(_ id: UInt64) {
        guard let connection = connections.removeValue(forKey: id) else { return }
        for (channel, filter) in connection.channels { channels[channel]?.remove(id, filter: filter) }
        let lived = clock.nowMicros() - connection.subscriber.connectedAtMicros
        meter.closed(seconds: Double(max(0, lived)) / 1_000_000)
    }

    /// Forgets channels with no members whose history has expired, so per-user channels do not
    /// accumulate; their seqs are kept.
    private func sweepIfDue(now: Int64) {
        guard now - lastSweepMicros >= sweepIntervalMicros else { return }
        lastSweepMicros = now
        for (name, state) in channels {
            let holdsHistory = state.history.prune(now: now)
            if state.memberCount == 0, !holdsHistory { channels[name] = nil }
        }
    }
}
