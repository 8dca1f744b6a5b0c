/// A linear move from one parameter set to another over a stretch of simulation time.
public struct ScenarioRamp: Hashable, Sendable {
    public var from: ScenarioParameters
    public var to: ScenarioParameters
    public var startMillis: Int64
    public var durationMillis: Int64

    /// The longest ramp accepted: one week.
    public static let maxSeconds: Double = 7 * 86_400

    public init(from: ScenarioParameters, to: ScenarioParameters, startMillis: Int64, seconds: Double) throws(ScenarioError) {
        guard seconds.isFinite, seconds >= 0, seconds <= Self.maxSeconds else { throw .invalidRamp(seconds: seconds) }
        self.from = from
        self.to = to
        self.startMillis = startMillis
        self.durationMillis = Int64((seconds * 1000).rounded())
    }

    public func parameters(atMillis now: Int64) -> ScenarioParameters {
        guard durationMillis > 0 else { return to }
        return from.interpolated(to: to, fraction: Double(now - startMillis) / Double(durationMillis))
    }

    public func isFinished(atMillis now: Int64) -> Bool { now >= startMillis + durationMillis }
}
