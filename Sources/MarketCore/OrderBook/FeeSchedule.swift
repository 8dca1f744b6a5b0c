/// Maker and taker fees of an instrument.
///
/// fee = ceil(notional × bps / 10 000) micro-units: rounding up means the venue never collects less
/// than its rate, and the result is still exact money (whole micros). The split into quotient and
/// remainder keeps notional × bps from overflowing for notionals near the instrument's maximum.
public struct FeeSchedule: Hashable, Sendable {
    public var makerBps: Int64
    public var takerBps: Int64

    public init(makerBps: Int, takerBps: Int) {
        self.makerBps = Int64(makerBps)
        self.takerBps = Int64(takerBps)
    }

    public init(_ instrument: Instrument) {
        self.init(makerBps: instrument.makerFeeBps, takerBps: instrument.takerFeeBps)
    }

    /// The fee on `notional` at `bps` basis points, rounded up to the micro-unit.
    @inline(__always)
    public static func fee(_ notional: Money, bps: Int64) -> Money {
        if bps == 0 { return .zero }
        let q = notional.micros / 10_000
        let r = notional.micros % 10_000
        return Money(micros: q * bps + (r * bps + 9_999) / 10_000)
    }
}
