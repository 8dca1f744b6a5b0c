/// The asset class of an instrument; it decides nothing in matching, only defaults and display.
public enum InstrumentKind: String, Codable, Sendable, CaseIterable {
    case stock, index, fx, crypto
}
