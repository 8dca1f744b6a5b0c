/// A broken book invariant found by `validateInvariants()`; always a bug in the book.
public struct OrderBookInvariantError: Error, Hashable, Sendable, CustomStringConvertible {
    public var message: String
    public init(_ message: String) { self.message = message }
    public var description: String { message }
}
