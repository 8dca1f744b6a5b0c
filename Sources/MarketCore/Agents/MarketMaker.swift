import Foundation

/// Quotes several levels on both sides around fair value, requoting every step.
///
/// The quoted spread is the scenario's `spread_bps`, widened in proportion as volatility rises above
/// a calm level and tripled during a shock; sizes scale with `liquidity`. Inventory skews the quotes
/// (long → lower prices) so the maker sheds risk instead of accumulating it.
public struct MarketMaker: Sendable {
    public let owner: UInt64
    public var levels: Int
    public var spreadMultiplier: Double
    public var sizeMultiplier: Double
    /// Net position in lots from its fills.
    public private(set) var inventory: Int64 = 0
    private var live: [UInt64] = []
    private var rng: Xoshiro256StarStar

    public init(owner: UInt64, levels: Int = 5, spreadMultiplier: Double = 1, sizeMultiplier: Double = 1, seed: UInt64) {
        self.owner = owner
        self.levels = levels
        self.spreadMultiplier = spreadMultiplier
        self.sizeMultiplier = sizeMultiplier
        self.rng = Xoshiro256StarStar(seed: seed)
    }

    /// The spread in basis points the maker quotes under `context`.
    public func quotedSpreadBps(_ context: AgentContext) -> Double {
        let volatilityFactor = max(1, context.effectiveVolatility / 0.3)
        return max(context.parameters.spreadBps, 1) * spreadMultiplier * volatilityFactor * (context.stressed ? 3 : 1)
    }

    public mutating func act(_ context: AgentContext, _ orders: inout AgentOrders) {
        for id in live { orders.cancel(id) }
        live.removeAll(keepingCapacity: true)
        guard context.parameters.liquidity > 0 else { return }
        let tick = context.tickValue
        let half = max(context.fairValue * quotedSpreadBps(context) / 20_000, tick)
        let base = context.baseLots * context.parameters.liquidity * sizeMultiplier
        let skew = -min(max(Double(inventory) / (base * 20), -1), 1) * half
        let center = context.fairValue + skew
        let spacing = max(tick, half * 0.6)
        for level in 0..<levels {
            let offset = half + Double(level) * spacing
            var bid = Int64(((center - offset) / tick).rounded(.down))
            var ask = Int64(((center + offset) / tick).rounded(.up))
            bid = max(bid, 1)
            ask = max(ask, bid + 1)
            guard ask <= context.instrument.maxPrice.ticks else { continue }
            let size = base * (1 + 0.5 * Double(level))
            let bidSize = context.lots(size * (0.7 + 0.6 * rng.nextUnit()))
            let askSize = context.lots(size * (0.7 + 0.6 * rng.nextUnit()))
            live.append(orders.place(owner: owner, side: .buy, type: .limit, tif: .day, quantity: bidSize, limit: Price(ticks: bid)))
            live.append(orders.place(owner: owner, side: .sell, type: .limit, tif: .day, quantity: askSize, limit: Price(ticks: ask)))
        }
    }

    /// Records one of its fills.
    public mutating func filled(side: Side, quantity: Quantity) {
        inventory += side == .buy ? quantity.lots : -quantity.lots
    }
}
