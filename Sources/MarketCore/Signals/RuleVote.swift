/// One rule's verdict on one candle: the pieces a `Signal` is aggregated from.
public struct RuleVote: Hashable, Sendable, Codable {
    /// `SignalRule.id` of the rule that voted.
    public var rule: String
    /// `hold` when the rule did not fire (or is still warming up).
    public var action: SignalAction
    /// 0...1; 0 for a hold. Each rule's formula is on its `SignalRule` case.
    public var strength: Double
    /// One human sentence on what the rule saw.
    public var reason: String

    public init(rule: String, action: SignalAction, strength: Double, reason: String) {
        self.rule = rule
        self.action = action
        self.strength = strength
        self.reason = reason
    }
}
