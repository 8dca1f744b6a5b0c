import Synchronization

/// A thread-safe count of dropped messages.
public final class DropCounter: Sendable {
    private let count = Atomic<Int>(0)
    public init() {}
    public var value: Int { count.load(ordering: .relaxed) }
    public func increment() { count.add(1, ordering: .relaxed) }
}
