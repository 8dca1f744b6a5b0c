/// What a signal suggests doing; raw values are the API's `action` names.
public enum SignalAction: String, Hashable, Sendable, Codable, CaseIterable {
    case buy
    case sell
    case hold
}
