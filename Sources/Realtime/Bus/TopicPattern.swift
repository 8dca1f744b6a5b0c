/// A subscription pattern: an exact topic, or a prefix ending in `*` (`trading.*`), the subset of
/// Redis's PSUBSCRIBE globs that every bus implementation can honour alike.
public struct TopicPattern: Hashable, Sendable, CustomStringConvertible {
    public let text: String

    public init(_ text: String) { self.text = text }

    public func matches(_ topic: String) -> Bool {
        if text.hasSuffix("*") { return topic.hasPrefix(text.dropLast()) }
        return topic == text
    }

    public var description: String { text }
}
