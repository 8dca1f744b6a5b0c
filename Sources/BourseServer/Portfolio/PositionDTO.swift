import MarketCore

/// `GET /api/portfolio/positions`: one open position valued at the latest price.
struct PositionDTO: Encodable, Sendable {
    let symbol: String
    let qty: String
    let side: String
    let avgEntryPrice: String?
    let costBasis: String
    let currentPrice: String?
    let marketValue: String
    let unrealizedPl: String
    let realizedPl: String

    enum CodingKeys: String, CodingKey {
        case symbol, qty, side, avgEntryPrice = "avg_entry_price", costBasis = "cost_basis", currentPrice = "current_price"
        case marketValue = "market_value", unrealizedPl = "unrealized_pl", realizedPl = "realized_pl"
    }

    init(_ row: PositionValuer.Row, instrument: Instrument, last: Price?, value: Money) {
        symbol = row.symbol
        qty = (row.lots < 0 ? "-" : "") + instrument.formatQuantity(Quantity(lots: abs(row.lots)))
        side = row.lots < 0 ? "short" : "long"
        avgEntryPrice = OrderDTO.averagePrice(notional: Money(micros: abs(row.cost.micros)), lots: abs(row.lots), instrument: instrument)
        costBasis = row.cost.decimalString
        currentPrice = last.map(instrument.formatPrice)
        marketValue = value.decimalString
        unrealizedPl = (value - row.cost).decimalString
        realizedPl = row.realized.decimalString
    }
}
