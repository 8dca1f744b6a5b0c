import MarketCore

/// One account's holding of one instrument, with average-cost accounting.
///
/// `cost` is signed like the quantity: what a long position cost, or minus what a short
/// position brought in. Reducing a position removes the proportional share of the cost and
/// books the difference as realised P&L, so over a round trip realised P&L is exactly the
/// proceeds minus the cost, to the micro-unit. Fees are not part of P&L here: they appear as
/// their own ledger activities.
struct PositionState: Sendable, Equatable {
    var lots: Int64 = 0
    var cost: Money = .zero
    var realized: Money = .zero
    /// Lots promised to open sell orders, so the same shares cannot be sold twice.
    var reservedSellLots: Int64 = 0

    /// Applies a fill of `lots` (positive bought, negative sold) whose notional is `notional`
    /// (always positive), given the notional of one lot at the fill price.
    mutating func apply(lots delta: Int64, notional: Money) {
        precondition(delta != 0)
        let signedNotional = delta > 0 ? notional : -notional
        if lots == 0 || (lots > 0) == (delta > 0) {
            lots += delta
            cost += signedNotional
            return
        }
        let closing = min(abs(delta), abs(lots))
        // The share of the fill's notional that closes the position (same price for all lots).
        let closingNotional = Money(micros: notional.micros / abs(delta) * closing)
        let removedCost = Money(micros: cost.micros / abs(lots) * closing
                                + (cost.micros % abs(lots)) * closing / abs(lots))
        realized += (lots > 0 ? closingNotional : -closingNotional) - removedCost
        cost -= removedCost
        let wasLong = lots > 0
        lots += wasLong ? -closing : closing
        let rest = abs(delta) - closing
        if rest > 0 {
            let restNotional = Money(micros: notional.micros / abs(delta) * rest)
            lots = delta > 0 ? rest : -rest
            cost = delta > 0 ? restNotional : -restNotional
        }
        if lots == 0 { cost = .zero }
    }
}
