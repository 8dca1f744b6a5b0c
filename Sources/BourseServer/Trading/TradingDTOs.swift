import Foundation
import MarketCore

/// An order as the API shows it (Alpaca's fields), amounts as decimal strings.
struct OrderDTO: Encodable, Sendable {
    let id: String
    let clientOrderID: String?
    let symbol: String
    let side: String
    let type: String
    let timeInForce: String
    let qty: String
    let filledQty: String
    let limitPrice: String?
    let stopPrice: String?
    let filledAvgPrice: String?
    let status: String
    let triggered: Bool
    let fees: String
    let reservedCash: String
    let reason: String?
    let createdAt: Date
    let updatedAt: Date
    let closedAt: Date?

    enum CodingKeys: String, CodingKey {
        case id, clientOrderID = "client_order_id", symbol, side, type, timeInForce = "time_in_force", qty, filledQty = "filled_qty"
        case limitPrice = "limit_price", stopPrice = "stop_price", filledAvgPrice = "filled_avg_price", status, triggered, fees
        case reservedCash = "reserved_cash", reason, createdAt = "created_at", updatedAt = "updated_at", closedAt = "closed_at"
    }

    init(_ order: OrderRecord, instrument: Instrument) {
        id = String(order.id)
        clientOrderID = order.clientOrderID
        symbol = order.symbol
        side = order.side.rawValue
        type = order.type.rawValue
        timeInForce = order.timeInForce.rawValue
        qty = instrument.formatQuantity(order.quantity)
        filledQty = instrument.formatQuantity(order.filled)
        limitPrice = order.limitPrice.map(instrument.formatPrice)
        stopPrice = order.stopPrice.map(instrument.formatPrice)
        filledAvgPrice = Self.averagePrice(notional: order.filledNotional, lots: order.filled.lots, instrument: instrument)
        status = order.status.rawValue
        triggered = order.triggered
        fees = order.fees.decimalString
        reservedCash = order.reserved.decimalString
        reason = order.reason
        createdAt = order.createdAt
        updatedAt = order.updatedAt
        closedAt = order.closedAt
    }

    /// The volume-weighted average fill price, exact to the price's decimals plus two (it need
    /// not lie on the tick grid).
    static func averagePrice(notional: Money, lots: Int64, instrument: Instrument) -> String? {
        guard lots > 0 else { return nil }
        // notional = ticks × lots × microsPerTickLot, so ticks = notional / (lots × microsPerTickLot).
        let denominator = lots * instrument.microsPerTickLot
        let scale = min(instrument.priceDecimals + 2, 9)
        let extra = ScaledDecimal.powersOfTen[scale - instrument.priceDecimals]
        let scaledTicks = (notional.micros * extra) / denominator
        return ScaledDecimal.format(scaledTicks * instrument.tickUnits, scale: scale, minFractionDigits: instrument.priceDecimals)
    }
}

/// One execution, as `GET /trading/fills` shows it.
struct FillDTO: Encodable, Sendable {
    let id: String?
    let orderID: String
    let symbol: String
    let side: String
    let qty: String
    let price: String
    let notional: String
    let fee: String
    let liquidity: String
    let ts: Date

    enum CodingKeys: String, CodingKey { case id, orderID = "order_id", symbol, side, qty, price, notional, fee, liquidity, ts }

    init(id: Int64?, _ fill: FillRecord, instrument: Instrument) {
        self.id = id.map(String.init)
        orderID = String(fill.orderID)
        symbol = fill.symbol
        side = fill.side.rawValue
        qty = instrument.formatQuantity(fill.quantity)
        price = instrument.formatPrice(fill.price)
        notional = fill.notional.decimalString
        fee = fill.fee.decimalString
        liquidity = fill.liquidity
        ts = fill.at
    }
}

/// The `trading.<user_id>` bus message: `{"type": "trade_update", "data": {event, order, fill?}}`.
struct TradeUpdateMessage: Encodable, Sendable {
    struct Payload: Encodable, Sendable {
        let event: String
        let order: OrderDTO
        let fill: FillDTO?
    }
    let type = "trade_update"
    let data: Payload

    init(_ update: TradeUpdate, instrument: Instrument) {
        data = Payload(event: update.event, order: OrderDTO(update.order, instrument: instrument),
                       fill: update.fill.map { FillDTO(id: nil, $0, instrument: instrument) })
    }
}
