/// FNV-1a over a book's observable state, so two implementations can be compared cheaply.
public struct StateHasher: Sendable {
    public private(set) var value: UInt64 = 0xcbf2_9ce4_8422_2325

    public init() {}

    @inline(__always)
    public mutating func combine(_ word: UInt64) {
        var w = word
        for _ in 0..<8 {
            value ^= w & 0xff
            value = value &* 0x0000_0100_0000_01b3
            w >>= 8
        }
    }

    public mutating func combine(_ word: Int64) { combine(UInt64(bitPattern: word)) }

    /// Hashes a resting or pending order in the canonical field order both books use.
    public mutating func combine(_ order: RestingOrder) {
        combine(order.order.id)
        combine(order.order.owner)
        combine(UInt64(order.order.side == .buy ? 1 : 2))
        combine(Self.code(order.order.type))
        combine(Self.code(order.order.timeInForce))
        combine(order.order.limitPrice?.ticks ?? 0)
        combine(order.order.stopPrice?.ticks ?? 0)
        combine(order.remaining.lots)
        combine(UInt64(order.isPendingStop ? 1 : 0))
    }

    static func code(_ type: OrderType) -> UInt64 {
        switch type {
        case .market: return 1
        case .limit: return 2
        case .stop: return 3
        case .stopLimit: return 4
        }
    }

    static func code(_ tif: TimeInForce) -> UInt64 {
        switch tif {
        case .day: return 1
        case .gtc: return 2
        case .ioc: return 3
        case .fok: return 4
        }
    }
}
