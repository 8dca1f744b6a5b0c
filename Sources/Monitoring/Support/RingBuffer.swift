/// A fixed-capacity FIFO that overwrites its oldest element when full, without reallocating.
public struct RingBuffer<Element> {
    public let capacity: Int
    private var storage: [Element?]
    private var head = 0
    public private(set) var count = 0

    public init(capacity: Int) {
        precondition(capacity > 0, "a ring needs room for at least one element")
        self.capacity = capacity
        storage = Array(repeating: nil, count: capacity)
    }

    public var isEmpty: Bool { count == 0 }
    public var isFull: Bool { count == capacity }

    /// Appends `element`; returns the element it pushed out when the ring was full.
    @discardableResult
    public mutating func append(_ element: Element) -> Element? {
        let tail = (head + count) % capacity
        if count == capacity {
            let evicted = storage[head]
            storage[head] = element
            head = (head + 1) % capacity
            return evicted
        }
        storage[tail] = element
        count += 1
        return nil
    }

    /// Removes and returns up to `limit` of the oldest elements, oldest first.
    public mutating func removeFirst(upTo limit: Int) -> [Element] {
        let taken = min(limit, count)
        var result: [Element] = []
        result.reserveCapacity(taken)
        for _ in 0..<taken {
            result.append(storage[head]!)
            storage[head] = nil
            head = (head + 1) % capacity
            count -= 1
        }
        return result
    }

    /// Removes the oldest element, if any.
    @discardableResult
    public mutating func removeFirst() -> Element? {
        removeFirst(upTo: 1).first
    }

    /// The oldest element.
    public var first: Element? { count == 0 ? nil : storage[head] }

    /// The newest element.
    public var last: Element? { count == 0 ? nil : storage[(head + count - 1) % capacity] }

    /// Every element, oldest first.
    public var elements: [Element] {
        (0..<count).map { storage[(head + $0) % capacity]! }
    }

    public mutating func removeAll() {
        storage = Array(repeating: nil, count: capacity)
        head = 0
        count = 0
    }
}

extension RingBuffer: Sendable where Element: Sendable {}
