import Foundation
import MarketCore

/// JSON shapes of the market API and the market channel. Prices and quantities are decimal
/// strings on each instrument's grid; times RFC 3339 UTC.
enum MarketJSON {
    static func time(_ millis: Int64) -> String { Timestamp.string(Date(timeIntervalSince1970: Double(millis) / 1000)) }

    /// A scenario number as a plain decimal string (no exponent), e.g. "0.35".
    static func number(_ value: Double) -> String {
        var text = String(format: "%.8f", value)
        while text.hasSuffix("0") { text.removeLast() }
        if text.hasSuffix(".") { text.removeLast() }
        return text == "-0" ? "0" : text
    }
}

struct InstrumentDTO: Encodable {
    let symbol: String
    let name: String
    let kind: String
    let tickSize: String
    let lotSize: String
    let priceDecimals: Int
    let minQty: String
    let maxQty: String
    let maxPrice: String
    let makerFeeBps: Int
    let takerFeeBps: Int
    let shortSellingAllowed: Bool
    let session: String
    let status: String

    enum CodingKeys: String, CodingKey {
        case symbol, name, kind, tickSize = "tick_size", lotSize = "lot_size", priceDecimals = "price_decimals"
        case minQty = "min_qty", maxQty = "max_qty", maxPrice = "max_price", makerFeeBps = "maker_fee_bps"
        case takerFeeBps = "taker_fee_bps", shortSellingAllowed = "short_selling_allowed", session, status
    }

    init(_ instrument: Instrument, quote: Quote?) {
        symbol = instrument.symbol
        name = instrument.name
        kind = instrument.kind.rawValue
        tickSize = instrument.tickSizeText
        lotSize = instrument.lotSizeText
        priceDecimals = instrument.priceDecimals
        minQty = instrument.formatQuantity(Quantity(lots: 1))
        maxQty = instrument.formatQuantity(instrument.maxQuantity)
        maxPrice = instrument.formatPrice(instrument.maxPrice)
        makerFeeBps = instrument.makerFeeBps
        takerFeeBps = instrument.takerFeeBps
        shortSellingAllowed = instrument.shortSellingAllowed
        session = Self.describe(instrument.session)
        status = QuoteDTO.status(quote)
    }

    static func describe(_ session: TradingSession) -> String {
        switch session {
        case .alwaysOpen: return "24/7"
        case .hours(let open, let close, let weekdays):
            let days = ["", "Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun"]
            let names = weekdays.sorted().map { days[$0] }.joined(separator: ",")
            return String(format: "%02d:%02d-%02d:%02d UTC %@", open / 60, open % 60, close / 60, close % 60, names)
        }
    }
}

struct QuoteDTO: Encodable {
    let symbol: String
    let bid: String?
    let bidSize: String
    let ask: String?
    let askSize: String
    let last: String?
    let open: String
    let change: String?
    let changePct: String?
    let volume: String
    let status: String
    let ts: String

    enum CodingKeys: String, CodingKey {
        case symbol, bid, bidSize = "bid_size", ask, askSize = "ask_size", last, open, change, changePct = "change_pct"
        case volume, status, ts
    }

    static func status(_ quote: Quote?) -> String {
        guard let quote else { return "unknown" }
        if quote.halted { return "halted" }
        return quote.open ? "open" : "closed"
    }

    init(_ quote: Quote, instrument: Instrument, nowMillis: Int64) {
        symbol = quote.symbol
        bid = quote.bid.map(instrument.formatPrice)
        bidSize = instrument.formatQuantity(quote.bidSize)
        ask = quote.ask.map(instrument.formatPrice)
        askSize = instrument.formatQuantity(quote.askSize)
        last = quote.last.map(instrument.formatPrice)
        open = instrument.formatPrice(quote.dayOpen)
        if let last = quote.last {
            let difference = last.ticks - quote.dayOpen.ticks
            change = instrument.formatPrice(Price(ticks: difference))
            // Percent with two decimals, computed in integers (hundredths of a percent).
            let hundredths = quote.dayOpen.ticks > 0 ? (difference * 10_000) / quote.dayOpen.ticks : 0
            changePct = ScaledDecimal.format(hundredths, scale: 2, minFractionDigits: 2)
        } else {
            change = nil
            changePct = nil
        }
        volume = instrument.formatQuantity(quote.dayVolume)
        status = Self.status(quote)
        ts = MarketJSON.time(nowMillis)
    }
}

struct TradeDTO: Encodable {
    let id: String
    let symbol: String
    let price: String
    let qty: String
    let side: String
    let ts: String

    init(id: Int64, _ trade: MarketTrade, instrument: Instrument) {
        self.id = String(id)
        symbol = trade.symbol
        price = instrument.formatPrice(trade.trade.price)
        qty = instrument.formatQuantity(trade.trade.quantity)
        side = trade.trade.aggressor.rawValue
        ts = MarketJSON.time(trade.timeMillis)
    }
}

struct CandleDTO: Encodable {
    let symbol: String
    let interval: String
    let t: String
    let open: String
    let high: String
    let low: String
    let close: String
    let volume: String
    let trades: Int
    let closed: Bool

    init(symbol: String, _ candle: Candle, instrument: Instrument, closed: Bool) {
        self.symbol = symbol
        interval = candle.interval.rawValue
        t = MarketJSON.time(candle.startMillis)
        open = instrument.formatPrice(candle.open)
        high = instrument.formatPrice(candle.high)
        low = instrument.formatPrice(candle.low)
        close = instrument.formatPrice(candle.close)
        volume = instrument.formatQuantity(candle.volume)
        trades = candle.tradeCount
        self.closed = closed
    }
}

struct BookDTO: Encodable {
    struct Level: Encodable {
        let price: String
        let qty: String
        let orders: Int
    }
    let symbol: String
    let bids: [Level]
    let asks: [Level]
    let ts: String

    init(symbol: String, bids: [DepthLevel], asks: [DepthLevel], instrument: Instrument, nowMillis: Int64) {
        self.symbol = symbol
        let level = { (depth: DepthLevel) in
            Level(price: instrument.formatPrice(depth.price), qty: instrument.formatQuantity(depth.quantity), orders: depth.orderCount)
        }
        self.bids = bids.map(level)
        self.asks = asks.map(level)
        ts = MarketJSON.time(nowMillis)
    }
}

/// An instrument's scenario as the control endpoints show it.
struct ScenarioDTO: Encodable {
    struct Event: Encodable {
        let type: String
        let magnitudePct: String
        let durationSeconds: String
        let startsAt: String
        let endsAt: String
        enum CodingKeys: String, CodingKey {
            case type, magnitudePct = "magnitude_pct", durationSeconds = "duration_seconds", startsAt = "starts_at", endsAt = "ends_at"
        }
        init(_ event: MarketEvent) {
            type = event.kind.rawValue
            magnitudePct = MarketJSON.number(event.magnitudePct)
            durationSeconds = MarketJSON.number(event.durationSeconds)
            startsAt = MarketJSON.time(event.startMillis)
            endsAt = MarketJSON.time(event.endMillis)
        }
    }

    let symbol: String
    let preset: String?
    let halted: Bool
    /// The parameters the scenario is set to (reached at the end of any ramp).
    let parameters: [String: String]
    /// The parameters in force now, along the ramp.
    let current: [String: String]
    let rampEndsAt: String?
    let events: [Event]
    let fairValue: String?

    enum CodingKeys: String, CodingKey {
        case symbol, preset, halted, parameters, current, rampEndsAt = "ramp_ends_at", events, fairValue = "fair_value"
    }

    init(_ state: ControlState, includeFairValue: Bool) {
        symbol = state.symbol
        preset = state.scenario.preset?.rawValue
        halted = state.scenario.halted
        parameters = Self.dictionary(state.scenario.target)
        current = Self.dictionary(state.current)
        rampEndsAt = state.scenario.ramp.map { MarketJSON.time($0.startMillis + $0.durationMillis) }
        events = state.scenario.events.map(Event.init)
        fairValue = includeFairValue ? state.fairValue.map(MarketJSON.number) : nil
    }

    static func dictionary(_ parameters: ScenarioParameters) -> [String: String] {
        Dictionary(uniqueKeysWithValues: parameters.fields.map { ($0.name, MarketJSON.number($0.value)) })
    }
}
