import Foundation

/// Trades the traded price back toward fair value when it strays further than a few spreads,
/// with IOC limits at fair value so it never pays through it. It anchors prices to the scenario.
public struct ValueTrader: Sendable {
    public let owner: UInt64
    /// Deviation, in multiples of the scenario spread, below which it waits.
    public var spreadsToAct: Double
    private var rng: Xoshiro256StarStar

    public init(owner: UInt64 = HouseAccounts.valueTrader, spreadsToAct: Double = 3, seed: UInt64) {
        self.owner = owner
        self.spreadsToAct = spreadsToAct
        self.rng = Xoshiro256StarStar(seed: seed)
    }

    public mutating func act(_ context: AgentContext, _ orders: inout AgentOrders) {
        guard let last = context.lastPrice, context.parameters.liquidity > 0 else { return }
        let deviation = Foundation.log(context.instrument.priceValue(last) / context.fairValue)
        let threshold = max(context.parameters.spreadBps, 2) / 10_000 * spreadsToAct
        guard abs(deviation) > threshold else { return }
        let strength = min(abs(deviation) / threshold, 5)
        guard rng.nextBool(probability: min(1, 0.3 * strength * context.dt)) else { return }
        let side: Side = deviation < 0 ? .buy : .sell
        orders.place(owner: owner, side: side, type: .limit, tif: .ioc,
                     quantity: context.lots(context.baseLots * 0.4 * strength * context.parameters.liquidity),
                     limit: context.instrument.nearestPrice(toValue: context.fairValue))
    }
}
