import Foundation

/// A scripted move of fair value: `magnitudePct` percent spread evenly (in log terms) over `durationSeconds`.
///
/// A `shock` is an abrupt dislocation: market makers treat it as stress and widen their quotes
/// while it lasts. A `trend` is an orderly drift with normal quoting.
public struct MarketEvent: Hashable, Sendable, Codable {
    /// The kind of scripted move.
    public enum Kind: String, Hashable, Sendable, Codable, CaseIterable { case shock, trend }

    public var kind: Kind
    public var magnitudePct: Double
    public var durationSeconds: Double
    public var startMillis: Int64

    enum CodingKeys: String, CodingKey {
        case kind = "type", magnitudePct = "magnitude_pct", durationSeconds = "duration_seconds", startMillis = "start_millis"
    }

    /// Validates and builds an event starting at `atMillis` (nil = now); it may not start in the past.
    public init(kind: Kind, magnitudePct: Double, durationSeconds: Double, atMillis: Int64?, nowMillis: Int64) throws(ScenarioError) {
        guard magnitudePct.isFinite else { throw .notFinite(field: "magnitude_pct") }
        guard durationSeconds.isFinite else { throw .notFinite(field: "duration_seconds") }
        guard (-95...500).contains(magnitudePct), magnitudePct != 0 else {
            throw .invalidEvent("magnitude_pct must be non-zero and between -95 and 500, got \(magnitudePct)")
        }
        guard durationSeconds >= 1, durationSeconds <= ScenarioRamp.maxSeconds else {
            throw .invalidEvent("duration_seconds must be between 1 and \(Int(ScenarioRamp.maxSeconds)), got \(durationSeconds)")
        }
        let start = atMillis ?? nowMillis
        guard start >= nowMillis else { throw .eventInPast(atMillis: start, nowMillis: nowMillis) }
        self.kind = kind
        self.magnitudePct = magnitudePct
        self.durationSeconds = durationSeconds
        self.startMillis = start
    }

    public var endMillis: Int64 { startMillis + Int64((durationSeconds * 1000).rounded()) }

    /// The total log-return the event applies.
    public var totalLogReturn: Double { Foundation.log1p(magnitudePct / 100) }

    /// The part of the log-return applied by simulation time `now` (0 before the start, all after the end).
    public func appliedLogReturn(atMillis now: Int64) -> Double {
        let span = Double(endMillis - startMillis)
        let fraction = min(max(Double(now - startMillis) / span, 0), 1)
        return totalLogReturn * fraction
    }

    public func isActive(atMillis now: Int64) -> Bool { now >= startMillis && now < endMillis }
}
