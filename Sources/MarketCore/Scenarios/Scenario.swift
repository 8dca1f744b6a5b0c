/// One instrument's scenario: target parameters, an optional ramp toward them, scheduled events and the halt flag.
public struct Scenario: Hashable, Sendable {
    /// The parameters in force once any ramp completes.
    public private(set) var target: ScenarioParameters
    public private(set) var ramp: ScenarioRamp?
    /// The preset last chosen, cleared when parameters are set by hand.
    public private(set) var preset: ScenarioPreset?
    /// Events not yet finished, in start order.
    public private(set) var events: [MarketEvent] = []
    public var halted = false

    public init(parameters: ScenarioParameters = ScenarioPreset.calm.parameters, preset: ScenarioPreset? = .calm) {
        self.target = parameters
        self.preset = preset
    }

    /// The parameters in force at `now`, along any ramp.
    public func parameters(atMillis now: Int64) -> ScenarioParameters {
        ramp?.parameters(atMillis: now) ?? target
    }

    /// Moves to `parameters` over `rampSeconds` (0 = at once), starting from wherever the market is now.
    public mutating func set(_ parameters: ScenarioParameters, rampSeconds: Double, preset: ScenarioPreset?, nowMillis: Int64) throws(ScenarioError) {
        try parameters.validate()
        let newRamp = try ScenarioRamp(from: self.parameters(atMillis: nowMillis), to: parameters, startMillis: nowMillis, seconds: rampSeconds)
        ramp = newRamp.durationMillis > 0 ? newRamp : nil
        target = parameters
        self.preset = preset
    }

    public mutating func schedule(_ event: MarketEvent) {
        events.append(event)
        events.sort { $0.startMillis < $1.startMillis }
    }

    /// The log-return events add between `previous` and `now`, and whether a shock is in progress.
    /// Finished events and a finished ramp are dropped.
    public mutating func advance(from previous: Int64, to now: Int64) -> (logReturn: Double, stressed: Bool) {
        var logReturn = 0.0
        var stressed = false
        for event in events {
            logReturn += event.appliedLogReturn(atMillis: now) - event.appliedLogReturn(atMillis: previous)
            if event.kind == .shock && event.isActive(atMillis: now) { stressed = true }
        }
        events.removeAll { $0.endMillis <= now }
        if let ramp, ramp.isFinished(atMillis: now) { self.ramp = nil }
        return (logReturn, stressed)
    }
}
