/// Why a scenario change was refused; `code` is stable for the API and `reason` says what to fix.
public enum ScenarioError: Error, Hashable, Sendable, CustomStringConvertible {
    case notFinite(field: String)
    case outOfRange(field: String, value: Double, allowed: ClosedRange<Double>)
    case invalidRamp(seconds: Double)
    case invalidEvent(String)
    case eventInPast(atMillis: Int64, nowMillis: Int64)
    case unknownPreset(String)
    case unknownSymbol(String)

    /// A stable snake_case code for the API.
    public var code: String {
        switch self {
        case .notFinite: return "not_finite"
        case .outOfRange: return "out_of_range"
        case .invalidRamp: return "invalid_ramp"
        case .invalidEvent: return "invalid_event"
        case .eventInPast: return "event_in_past"
        case .unknownPreset: return "unknown_preset"
        case .unknownSymbol: return "unknown_symbol"
        }
    }

    /// A human sentence for the API.
    public var reason: String {
        switch self {
        case .notFinite(let field): return "\(field) must be a finite number"
        case .outOfRange(let field, let value, let allowed):
            return "\(field) must be between \(allowed.lowerBound) and \(allowed.upperBound), got \(value)"
        case .invalidRamp(let seconds): return "ramp_seconds must be between 0 and \(ScenarioRamp.maxSeconds), got \(seconds)"
        case .invalidEvent(let why): return why
        case .eventInPast(let at, let now): return "the event time \(at) ms is before the simulation time \(now) ms"
        case .unknownPreset(let name): return "unknown preset \(name); use one of \(ScenarioPreset.allCases.map(\.rawValue).joined(separator: ", "))"
        case .unknownSymbol(let symbol): return "no instrument \(symbol)"
        }
    }

    public var description: String { "\(code): \(reason)" }
}
