import Foundation

/// Random uninformed flow: market orders, marketable IOC limits, and passive limits that rest for a while.
///
/// Arrivals are Poisson with a rate scaled by `liquidity`; sizes are log-normal, which gives the
/// occasional large order that walks several levels.
public struct NoiseTrader: Sendable {
    public let owner: UInt64
    /// Orders per second at liquidity 1.
    public var rate: Double
    private var resting: [(id: UInt64, expiresMillis: Int64)] = []
    private var rng: Xoshiro256StarStar

    public init(owner: UInt64 = HouseAccounts.noiseTrader, rate: Double = 0.8, seed: UInt64) {
        self.owner = owner
        self.rate = rate
        self.rng = Xoshiro256StarStar(seed: seed)
    }

    public mutating func act(_ context: AgentContext, _ orders: inout AgentOrders) {
        let now = context.nowMillis
        resting.removeAll { entry in
            guard entry.expiresMillis <= now else { return false }
            orders.cancel(entry.id)
            return true
        }
        let arrivals = rng.nextPoisson(mean: rate * context.parameters.liquidity * context.dt)
        for _ in 0..<arrivals {
            let side: Side = rng.nextBool(probability: 0.5) ? .buy : .sell
            let size = context.lots(context.baseLots * 0.25 * Foundation.exp(rng.nextNormal(mean: 0, stdev: 0.9)))
            let roll = rng.nextUnit()
            if roll < 0.3 {
                orders.place(owner: owner, side: side, type: .market, tif: .ioc, quantity: size)
                continue
            }
            // Limit prices scatter around fair value by about the quoted spread.
            let spread = max(context.parameters.spreadBps, 1) / 10_000
            let sign: Double = side == .buy ? 1 : -1
            let aggressive = roll < 0.5
            let distance = abs(rng.nextNormal(mean: 0, stdev: 1.5)) * spread * context.fairValue
            let value = context.fairValue + (aggressive ? sign : -sign) * distance
            let price = context.instrument.nearestPrice(toValue: value)
            if aggressive {
                orders.place(owner: owner, side: side, type: .limit, tif: .ioc, quantity: size, limit: price)
            } else {
                let id = orders.place(owner: owner, side: side, type: .limit, tif: .day, quantity: size, limit: price)
                let lifetime = rng.nextExponential(rate: 1.0 / 60)
                resting.append((id, now + Int64(lifetime * 1000)))
            }
        }
    }
}
