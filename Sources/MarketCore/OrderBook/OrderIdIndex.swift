/// Order id → pool slot, an open-addressing hash map with linear probing.
///
/// The book's hottest lookup; a plain Swift Dictionary pays for SipHash and generic plumbing,
/// while ids are already well-mixed integers that a multiplicative hash spreads evenly.
/// Deletion shifts later entries back instead of leaving tombstones, so probes stay short
/// under the constant insert/delete churn of a live book.
struct OrderIdIndex: Sendable {
    private var keys: [UInt64]
    /// -1 marks an empty bucket.
    private var values: [Int32]
    private var mask: Int
    private var shift: UInt64
    private(set) var count = 0

    init(capacity: Int = 1024) {
        var size = 16
        while size < capacity * 2 { size <<= 1 }
        keys = Array(repeating: 0, count: size)
        values = Array(repeating: -1, count: size)
        mask = size - 1
        shift = UInt64(64 - size.trailingZeroBitCount)
    }

    @inline(__always)
    private func home(_ key: UInt64) -> Int {
        Int(truncatingIfNeeded: (key &* 0x9E37_79B9_7F4A_7C15) >> shift)
    }

    @inline(__always)
    func find(_ key: UInt64) -> Int32? {
        var i = home(key)
        while true {
            let v = values[i]
            if v < 0 { return nil }
            if keys[i] == key { return v }
            i = (i &+ 1) & mask
        }
    }

    /// Inserts a key known to be absent.
    @inline(__always)
    mutating func insert(_ key: UInt64, _ value: Int32) {
        if (count + 1) * 2 > values.count { grow() }
        var i = home(key)
        while values[i] >= 0 { i = (i &+ 1) & mask }
        keys[i] = key
        values[i] = value
        count += 1
    }

    @inline(__always)
    mutating func remove(_ key: UInt64) {
        var i = home(key)
        while true {
            if values[i] < 0 { return }
            if keys[i] == key { break }
            i = (i &+ 1) & mask
        }
        var j = i
        while true {
            j = (j &+ 1) & mask
            if values[j] < 0 { break }
            let k = home(keys[j])
            // Entry j may stay only if its home lies cyclically in (i, j].
            let stays = i <= j ? (i < k && k <= j) : (i < k || k <= j)
            if stays { continue }
            keys[i] = keys[j]
            values[i] = values[j]
            i = j
        }
        values[i] = -1
        count -= 1
    }

    private mutating func grow() {
        let oldKeys = keys
        let oldValues = values
        let size = values.count * 2
        keys = Array(repeating: 0, count: size)
        values = Array(repeating: -1, count: size)
        mask = size - 1
        shift = UInt64(64 - size.trailingZeroBitCount)
        count = 0
        for (key, value) in zip(oldKeys, oldValues) where value >= 0 { insert(key, value) }
    }
}
