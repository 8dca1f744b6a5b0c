import Foundation

/// Evaluates alert rules against metric snapshots and keeps alerts, their history and subscribers.
///
/// Per rule: the condition becoming true opens a `pending` alert; once it has held for the rule's
/// `forSeconds` the alert is `firing`; when it stops holding a firing alert is `resolved` and a
/// pending one is `cleared`. A firing alert is reported once, not at every evaluation. A metric
/// missing from a snapshot makes its condition false, so a source that stops reporting resolves
/// its alerts rather than pinning them.
public actor AlertEvaluator {
    private struct CompiledRule {
        var rule: AlertRule
        var expression: MetricExpression
        /// Open alert of this rule (pending or firing).
        var alertID: String?
        /// Set when someone resolved a firing alert by hand while its condition still held: the
        /// rule stays quiet until the condition clears, instead of firing the same episode again.
        var silencedUntilClear = false
    }

    public nonisolated let registry: MetricRegistry
    /// Written on every alert this evaluator opens (`Alert.instance`).
    public nonisolated let instance: String?
    private let clock: any MonitoringClock
    private let makeID: @Sendable () -> String
    private var rules: [CompiledRule] = []
    private var open: [String: Alert] = [:]
    private var closed: RingBuffer<Alert>
    private var history: RingBuffer<AlertEvent>
    private var rates = CounterRates()
    private var subscribers: [Int: AsyncStream<AlertEvent>.Continuation] = [:]
    private var nextSubscriber = 0

    public init(
        rules: [AlertRule] = DefaultAlertRules.all,
        registry: MetricRegistry = .standard,
        clock: any MonitoringClock = SystemMonitoringClock(),
        historyCapacity: Int = 1_000,
        resolvedCapacity: Int = 200,
        instance: String? = nil,
        makeID: @escaping @Sendable () -> String = { UUID().uuidString.lowercased() }
    ) throws(AlertRuleError) {
        self.registry = registry
        self.instance = instance
        self.clock = clock
        self.makeID = makeID
        closed = RingBuffer(capacity: resolvedCapacity)
        history = RingBuffer(capacity: historyCapacity)
        var seen = Set<String>()
        for rule in rules {
            guard seen.insert(rule.id).inserted else { throw .duplicateID(rule.id) }
            self.rules.append(CompiledRule(rule: rule, expression: try rule.validate(against: registry)))
        }
    }

    // MARK: Rules

    public var allRules: [AlertRule] { rules.map(\.rule) }

    /// Adds a validated rule; its first evaluation is the next `evaluate`.
    public func addRule(_ rule: AlertRule) throws(AlertRuleError) {
        guard !rules.contains(where: { $0.rule.id == rule.id }) else { throw .duplicateID(rule.id) }
        rules.append(CompiledRule(rule: rule, expression: try rule.validate(against: registry)))
    }

    /// Builds a rule from the API's body under a fresh id, and adds it.
    public func createRule(_ draft: AlertRuleDraft) throws(AlertRuleError) -> AlertRule {
        // Validated before an id is drawn, so refused drafts leave no gaps in the ids.
        var rule = try draft.rule(id: "", registry: registry)
        rule.id = makeID()
        try addRule(rule)
        return rule
    }

    /// Removes a rule; its open alert is resolved, as nothing will ever clear it otherwise.
    @discardableResult
    public func removeRule(id: String, by user: String? = nil) throws(AlertActionError) -> [AlertEvent] {
        guard let index = rules.firstIndex(where: { $0.rule.id == id }) else { throw .ruleNotFound(id) }
        let removed = rules.remove(at: index)
        guard let alertID = removed.alertID, let alert = open[alertID] else { return [] }
        return [close(alert, kind: alert.state == .firing ? .resolved : .cleared, by: user, at: clock.now())]
    }

    /// Replaces the rule set with `newRules` (rules kept in a shared store, which any instance may
    /// change): a rule whose definition is unchanged keeps its open alert and its `for` timer; a
    /// removed or changed rule's open alert ends, as nothing would ever clear it otherwise. Rules
    /// that do not validate against the registry are skipped and returned.
    @discardableResult
    public func replaceRules(_ newRules: [AlertRule], by user: String? = nil) -> (events: [AlertEvent], skipped: [AlertRule]) {
        var events: [AlertEvent] = []
        var skipped: [AlertRule] = []
        var kept: [CompiledRule] = []
        var seen = Set<String>()
        for rule in newRules where seen.insert(rule.id).inserted {
            if let existing = rules.first(where: { $0.rule.id == rule.id }), existing.rule == rule {
                kept.append(existing)
            } else if let expression = try? rule.validate(against: registry) {
                kept.append(CompiledRule(rule: rule, expression: expression))
            } else {
                skipped.append(rule)
            }
        }
        let now = clock.now()
        for old in rules {
            let survives = kept.contains { $0.rule.id == old.rule.id && $0.rule == old.rule }
            guard !survives, let alertID = old.alertID, let alert = open[alertID] else { continue }
            events.append(close(alert, kind: alert.state == .firing ? .resolved : .cleared, by: user, at: now))
        }
        rules = kept
        return (events, skipped)
    }

    /// Takes back alerts this evaluator opened before a restart (kept in a shared store): each
    /// rule's open alert is linked again, so a condition that still holds stays one alert, not a
    /// new one, and a pending alert keeps its `for` timer. Alerts of unknown rules are ignored.
    public func restore(_ alerts: [Alert]) {
        for alert in alerts where alert.state != .resolved && open[alert.id] == nil {
            guard alert.origin == .rule, let ruleID = alert.ruleID,
                  let index = rules.firstIndex(where: { $0.rule.id == ruleID }), rules[index].alertID == nil else { continue }
            open[alert.id] = alert
            rules[index].alertID = alert.id
        }
    }

    // MARK: Evaluation

    /// The rules in force, in the order they were added.
    public func ruleList() -> [AlertRule] { rules.map(\.rule) }

    /// Evaluates every rule against `snapshot` at the clock's current time and returns what changed.
    @discardableResult
    public func evaluate(_ snapshot: [String: Double]) -> [AlertEvent] {
        let now = clock.now()
        var windows: [String: Double] = [:]
        for compiled in rules {
            if case let .rate(name, window) = compiled.expression {
                windows[name] = max(windows[name] ?? 0, window)
            }
        }
        rates.observe(snapshot, at: now, windows: windows)

        var events: [AlertEvent] = []
        for index in rules.indices {
            let compiled = rules[index]
            let value: Double? = switch compiled.expression {
            case let .value(name): snapshot[name]
            case let .rate(name, window): rates.rate(of: name, window: window, at: now)
            }
            let holds = value.map { compiled.rule.op.holds($0, compiled.rule.threshold) } ?? false

            if compiled.silencedUntilClear {
                if !holds { rules[index].silencedUntilClear = false }
                continue
            }
            if let alertID = compiled.alertID, var alert = open[alertID] {
                guard holds else {
                    events.append(close(alert, kind: alert.state == .firing ? .resolved : .cleared, by: nil, at: now))
                    rules[index].alertID = nil
                    continue
                }
                alert.value = value
                if alert.state == .pending, now.timeIntervalSince(alert.startedAt) >= compiled.rule.forSeconds {
                    alert.state = .firing
                    alert.firedAt = now
                    alert.message = Self.message(compiled, value: value)
                    open[alertID] = alert
                    events.append(publish(AlertEvent(kind: .firing, alert: alert, at: now)))
                } else {
                    open[alertID] = alert
                }
            } else if holds {
                let firesNow = compiled.rule.forSeconds <= 0
                let alert = Alert(
                    id: makeID(), origin: .rule, ruleID: compiled.rule.id, instance: instance, name: compiled.rule.name,
                    severity: compiled.rule.severity, state: firesNow ? .firing : .pending,
                    message: Self.message(compiled, value: value), metric: compiled.rule.metric,
                    value: value, threshold: compiled.rule.threshold,
                    startedAt: now, firedAt: firesNow ? now : nil
                )
                open[alert.id] = alert
                rules[index].alertID = alert.id
                events.append(publish(AlertEvent(kind: firesNow ? .firing : .pending, alert: alert, at: now)))
            }
        }
        return events
    }

    // MARK: Manual actions

    /// Raises an alert by hand (`POST /api/monitoring/alerts {message, level}`); it fires at once
    /// and stays until someone resolves it.
    public func raise(message: String, level: AlertSeverity, by user: String? = nil) throws(AlertActionError) -> Alert {
        let text = message.trimmingCharacters(in: .whitespacesAndNewlines)
        guard !text.isEmpty else { throw .emptyMessage }
        let now = clock.now()
        let alert = Alert(
            id: makeID(), origin: .manual, ruleID: nil, instance: instance, name: "manual", severity: level, state: .firing,
            message: text, startedAt: now, firedAt: now
        )
        open[alert.id] = alert
        publish(AlertEvent(kind: .firing, alert: alert, at: now, by: user))
        return alert
    }

    /// Records that `user` has seen the alert; acknowledging twice keeps the first acknowledgement.
    public func acknowledge(id: String, by user: String) throws(AlertActionError) -> Alert {
        guard var alert = open[id] else {
            if closed.elements.contains(where: { $0.id == id }) { throw .alreadyResolved(id) }
            throw .alertNotFound(id)
        }
        guard alert.acknowledgedBy == nil else { return alert }
        let now = clock.now()
        alert.acknowledgedBy = user
        alert.acknowledgedAt = now
        open[id] = alert
        publish(AlertEvent(kind: .acknowledged, alert: alert, at: now, by: user))
        return alert
    }

    /// Ends an alert by hand. A rule's alert stays quiet until its condition clears (see `CompiledRule`).
    public func resolve(id: String, by user: String) throws(AlertActionError) -> Alert {
        guard let alert = open[id] else {
            if closed.elements.contains(where: { $0.id == id }) { throw .alreadyResolved(id) }
            throw .alertNotFound(id)
        }
        if let index = rules.firstIndex(where: { $0.alertID == id }) {
            rules[index].alertID = nil
            rules[index].silencedUntilClear = true
        }
        return close(alert, kind: alert.state == .firing ? .resolved : .cleared, by: user, at: clock.now()).alert
    }

    // MARK: Reading

    /// Open alerts (firing first, then pending, newest first), then recently resolved ones, newest first.
    public func alerts(includeResolved: Bool = true) -> [Alert] {
        let active = open.values.sorted {
            ($0.state == .firing ? 0 : 1, $1.startedAt) < ($1.state == .firing ? 0 : 1, $0.startedAt)
        }
        guard includeResolved else { return active }
        return active + closed.elements.reversed()
    }

    public func alert(id: String) -> Alert? {
        open[id] ?? closed.elements.last { $0.id == id }
    }

    /// Every change, newest first, at most `limit`.
    public func history(limit: Int = 100) -> [AlertEvent] {
        Array(history.elements.reversed().prefix(limit))
    }

    /// A stream of every future change; a slow reader loses the oldest unread events, not the evaluator's time.
    public func events(bufferSize: Int = 256) -> AsyncStream<AlertEvent> {
        let (stream, continuation) = AsyncStream.makeStream(of: AlertEvent.self, bufferingPolicy: .bufferingNewest(bufferSize))
        let id = nextSubscriber
        nextSubscriber += 1
        subscribers[id] = continuation
        continuation.onTermination = { [weak self] _ in
            Task { await self?.unsubscribe(id) }
        }
        return stream
    }

    private func unsubscribe(_ id: Int) {
        subscribers[id] = nil
    }

    // MARK: Helpers

    private func close(_ alert: Alert, kind: AlertEvent.Kind, by user: String?, at now: Date) -> AlertEvent {
        var ended = alert
        ended.state = .resolved
        ended.resolvedAt = now
        ended.resolvedBy = user
        open[alert.id] = nil
        for index in rules.indices where rules[index].alertID == alert.id { rules[index].alertID = nil }
        // A pending alert that cleared never notified anyone; only the history keeps it.
        if kind == .resolved { closed.append(ended) }
        return publish(AlertEvent(kind: kind, alert: ended, at: now, by: user))
    }

    @discardableResult
    private func publish(_ event: AlertEvent) -> AlertEvent {
        history.append(event)
        for subscriber in subscribers.values { subscriber.yield(event) }
        return event
    }

    private static func message(_ compiled: CompiledRule, value: Double?) -> String {
        let shown = value.map { $0.formatted(.number.precision(.fractionLength(0...2))) } ?? "no data"
        return "\(compiled.rule.name): \(compiled.expression) is \(shown) (\(compiled.rule.op.rawValue) \(compiled.rule.threshold.formatted()))"
    }
}
