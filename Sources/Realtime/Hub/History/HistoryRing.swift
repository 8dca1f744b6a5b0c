/// The last messages of one channel, bounded by count and age, kept so a reconnecting client can
/// be sent exactly what it missed.
struct HistoryRing {
    struct Entry {
        let seq: UInt64
        let micros: Int64
        let symbol: String?
        let bytes: [UInt8]
    }

    let capacity: Int
    let maxAgeMicros: Int64
    // Grows up to `capacity` and then wraps, so quiet channels hold little memory.
    private var slots: [Entry] = []
    private var head = 0

    init(capacity: Int, maxAgeMicros: Int64) {
        self.capacity = max(0, capacity)
        self.maxAgeMicros = maxAgeMicros
    }

    var count: Int { slots.count }

    /// Forgets every entry (after a gap in the stream).
    mutating func removeAll() {
        slots.removeAll(keepingCapacity: true)
        head = 0
    }

    mutating func append(_ entry: Entry) {
        guard capacity > 0 else { return }
        // `head` stays 0 until the ring is full (pruning rebuilds it linear).
        if slots.count < capacity {
            slots.append(entry)
        } else {
            slots[head] = entry
            head = (head + 1) % capacity
        }
    }

    /// Entries in seq order, oldest first, younger than the age bound at `now`.
    func entries(now: Int64) -> [Entry] {
        let cutoff = now - maxAgeMicros
        var result: [Entry] = []
        result.reserveCapacity(slots.count)
        for offset in 0..<slots.count {
            let entry = slots[(head + offset) % slots.count]
            if entry.micros >= cutoff { result.append(entry) }
        }
        return result
    }

    /// Drops entries older than the age bound; returns whether anything is still held.
    mutating func prune(now: Int64) -> Bool {
        guard !slots.isEmpty else { return false }
        if slots[head].micros >= now - maxAgeMicros { return true }
        let kept = entries(now: now)
        if kept.count != slots.count {
            slots = kept
            head = 0
        }
        return !slots.isEmpty
    }

    /// Entries after `lastSeq`, or nil when some of them are no longer held. `currentSeq` is the
    /// channel's latest seq: a client ahead of it saw another epoch of the channel, so it resets.
    func since(_ lastSeq: UInt64, currentSeq: UInt64, now: Int64) -> [Entry]? {
        if lastSeq == currentSeq { return [] }
        guard lastSeq < currentSeq else { return nil }
        let held = entries(now: now)
        guard let oldest = held.first, oldest.seq <= lastSeq + 1 else { return nil }
        return held.filter { $0.seq > lastSeq }
    }
}
