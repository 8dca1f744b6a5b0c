/// A start-up configuration problem, reported to the operator in one clear sentence.
public struct ConfigurationError: Error, CustomStringConvertible, Sendable {
    public let description: String
    public init(_ description: String) { self.description = description }
}
