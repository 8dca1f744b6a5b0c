import Foundation

/// Follows trends: buys when a fast moving average of the traded price is above a slow one, sells
/// when below, harder the stronger the trend. Its orders feed the trend they follow, which is what
/// makes busy, trending spells cluster.
public struct MomentumTrader: Sendable {
    public let owner: UInt64
    public var fastSeconds: Double
    public var slowSeconds: Double
    /// Trend (log difference of the averages) below which it does nothing.
    public var threshold: Double
    private var fast: Double?
    private var slow: Double?
    private var rng: Xoshiro256StarStar

    public init(owner: UInt64 = HouseAccounts.momentumTrader, fastSeconds: Double = 20, slowSeconds: Double = 240,
                threshold: Double = 0.0008, seed: UInt64) {
        self.owner = owner
        self.fastSeconds = fastSeconds
        self.slowSeconds = slowSeconds
        self.threshold = threshold
        self.rng = Xoshiro256StarStar(seed: seed)
    }

    /// log(fast / slow), 0 until it has seen a price.
    public var signal: Double {
        guard let fast, let slow, fast > 0, slow > 0 else { return 0 }
        return Foundation.log(fast / slow)
    }

    public mutating func act(_ context: AgentContext, _ orders: inout AgentOrders) {
        let price = context.lastPrice.map(context.instrument.priceValue) ?? context.fairValue
        let dt = max(context.dt, 0)
        fast = fast.map { $0 + (price - $0) * min(1, dt / fastSeconds) } ?? price
        slow = slow.map { $0 + (price - $0) * min(1, dt / slowSeconds) } ?? price
        let s = signal
        guard abs(s) > threshold, context.parameters.liquidity > 0 else { return }
        let strength = min(abs(s) / threshold, 6)
        guard rng.nextBool(probability: min(1, 0.15 * strength * dt)) else { return }
        let side: Side = s > 0 ? .buy : .sell
        orders.place(owner: owner, side: side, type: .market, tif: .ioc,
                     quantity: context.lots(context.baseLots * 0.2 * strength * context.parameters.liquidity))
    }
}
