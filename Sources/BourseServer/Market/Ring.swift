/// A fixed-capacity ring: appending past the capacity overwrites the oldest element.
struct Ring<Element: Sendable>: Sendable {
    private var buffer: [Element] = []
    private var start = 0
    let capacity: Int

    init(capacity: Int) {
        precondition(capacity > 0)
        self.capacity = capacity
        buffer.reserveCapacity(capacity)
    }

    var count: Int { buffer.count }

    mutating func append(_ element: Element) {
        if buffer.count < capacity {
            buffer.append(element)
        } else {
            buffer[start] = element
            start = (start + 1) % capacity
        }
    }

    /// Up to `limit` elements, newest first.
    func newest(_ limit: Int) -> [Element] {
        let count = min(limit, buffer.count)
        return (0..<count).map { offset in buffer[(start + buffer.count - 1 - offset) % buffer.count] }
    }
}
