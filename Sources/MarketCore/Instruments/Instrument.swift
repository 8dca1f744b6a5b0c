/// A tradable instrument: its grid of prices and quantities, fees and trading session.
///
/// Prices are integers of ticks and quantities integers of lots. A price string is read at
/// `priceDecimals` places and must land on the tick grid; a quantity string at the lot size's own
/// places and must be a whole number of lots. Construction refuses any instrument whose
/// tick × lot is not a whole number of micro-units, so every fill's notional is exact `Money`.
public struct Instrument: Hashable, Sendable {
    public let symbol: String
    public let name: String
    public let kind: InstrumentKind
    /// The tick size as given, e.g. "0.01".
    public let tickSizeText: String
    /// The lot size as given, e.g. "0.0001".
    public let lotSizeText: String
    /// Decimal places of price strings (at least those of the tick size).
    public let priceDecimals: Int
    /// Decimal places of quantity strings (those of the lot size).
    public let quantityDecimals: Int
    /// The tick size in units of 10^-priceDecimals.
    public let tickUnits: Int64
    /// The lot size in units of 10^-quantityDecimals.
    public let lotUnits: Int64
    public let startingPrice: Price
    /// Fee charged to the resting side of a trade, in basis points of the notional (0...1000).
    public let makerFeeBps: Int
    /// Fee charged to the aggressing side of a trade, in basis points of the notional (0...1000).
    public let takerFeeBps: Int
    public let shortSellingAllowed: Bool
    public let session: TradingSession
    /// The largest price an order may carry.
    public let maxPrice: Price
    /// The largest quantity one order may carry.
    public let maxQuantity: Quantity
    /// Money micro-units of one tick times one lot: notional = ticks × lots × this.
    public let microsPerTickLot: Int64

    /// The largest notional (in micro-units) of a single max-price × max-quantity order; far below
    /// Int64.max so that fee arithmetic and sums of a few fills can never overflow.
    public static let maxNotionalMicros: Int64 = 1_000_000_000_000_000_000

    /// Builds and validates an instrument from the decimal strings of a catalogue.
    public init(
        symbol: String,
        name: String,
        kind: InstrumentKind,
        tickSize: String,
        lotSize: String,
        priceDecimals: Int? = nil,
        startingPrice: String,
        makerFeeBps: Int = 0,
        takerFeeBps: Int = 0,
        shortSellingAllowed: Bool = false,
        session: TradingSession = .alwaysOpen,
        maxPrice: String = "1000000",
        maxQuantity: String = "1000000"
    ) throws(CatalogueError) {
        func fail(_ field: String, _ reason: String) -> CatalogueError {
            .invalidField(symbol: symbol.isEmpty ? "?" : symbol, field: field, reason: reason)
        }
        guard !symbol.isEmpty, symbol.count <= 16,
              symbol.utf8.allSatisfy({ ($0 >= 65 && $0 <= 90) || ($0 >= 48 && $0 <= 57) || $0 == 46 || $0 == 45 || $0 == 95 })
        else { throw fail("symbol", "must be 1 to 16 characters of A-Z, 0-9, '.', '-' or '_'") }
        guard !name.isEmpty else { throw fail("name", "must not be empty") }

        let tickDecimals = Self.fractionDigits(tickSize)
        let decimals = priceDecimals ?? tickDecimals
        guard decimals >= tickDecimals, decimals <= 9 else {
            throw fail("price_decimals", "must be between the tick size's decimals (\(tickDecimals)) and 9")
        }
        guard case .success(let tick) = ScaledDecimal.parse(tickSize, scale: decimals), tick > 0 else {
            throw fail("tick_size", "must be a positive decimal with at most 9 decimals")
        }
        let lotDecimals = Self.fractionDigits(lotSize)
        guard lotDecimals <= 9, case .success(let lot) = ScaledDecimal.parse(lotSize, scale: lotDecimals), lot > 0 else {
            throw fail("lot_size", "must be a positive decimal with at most 9 decimals")
        }
        // micros per tick×lot = tick × lot × 10^6 / 10^(decimals + lotDecimals), which must be whole.
        let (raw, overflow) = tick.multipliedReportingOverflow(by: lot)
        guard !overflow, raw <= Int64.max / Money.unit else { throw fail("tick_size", "times lot_size is too large") }
        let scaled = raw * Money.unit
        let divisor = ScaledDecimal.powersOfTen[decimals + lotDecimals]
        guard scaled % divisor == 0 else {
            throw fail("tick_size", "× lot_size must be a whole number of micro-units (10^-6); \(tickSize) × \(lotSize) is not")
        }
        guard (0...1000).contains(makerFeeBps) else { throw fail("maker_fee_bps", "must be between 0 and 1000") }
        guard (0...1000).contains(takerFeeBps) else { throw fail("taker_fee_bps", "must be between 0 and 1000") }
        if case .hours(let open, let close, let weekdays) = session {
            guard open >= 0, close <= 1440, open < close else {
                throw fail("session", "needs 0 <= open_minute < close_minute <= 1440")
            }
            guard !weekdays.isEmpty, weekdays.allSatisfy({ (1...7).contains($0) }) else {
                throw fail("session", "weekdays must be ISO numbers 1 (Monday) to 7 (Sunday)")
            }
        }

        self.symbol = symbol
        self.name = name
        self.kind = kind
        self.tickSizeText = tickSize
        self.lotSizeText = lotSize
        self.priceDecimals = decimals
        self.quantityDecimals = lotDecimals
        self.tickUnits = tick
        self.lotUnits = lot
        self.makerFeeBps = makerFeeBps
        self.takerFeeBps = takerFeeBps
        self.shortSellingAllowed = shortSellingAllowed
        self.session = session
        self.microsPerTickLot = scaled / divisor
        let maxP: Price
        switch Self.parseGrid(maxPrice, scale: decimals, unit: tick, max: Int64.max) {
        case .success(let v): maxP = Price(ticks: v)
        case .failure(let e): throw fail("max_price", Self.describe(e, unitText: tickSize))
        }
        let maxQ: Quantity
        switch Self.parseGrid(maxQuantity, scale: lotDecimals, unit: lot, max: Int64.max) {
        case .success(let v): maxQ = Quantity(lots: v)
        case .failure(let e): throw fail("max_quantity", Self.describe(e, unitText: lotSize))
        }
        let (pq, o1) = maxP.ticks.multipliedReportingOverflow(by: maxQ.lots)
        let (notional, o2) = pq.multipliedReportingOverflow(by: microsPerTickLot)
        guard !o1, !o2, notional <= Self.maxNotionalMicros else {
            throw fail("max_price", "× max_quantity exceeds \(Self.maxNotionalMicros / Money.unit) currency units")
        }
        self.maxPrice = maxP
        self.maxQuantity = maxQ

        switch Self.parseGrid(startingPrice, scale: decimals, unit: tick, max: maxP.ticks) {
        case .success(let v): self.startingPrice = Price(ticks: v)
        case .failure(let e): throw fail("starting_price", Self.describe(e, unitText: tickSize))
        }
    }

    /// Parses a price string; refuses off-grid, zero, negative, too precise or too large prices.
    public func parsePrice(_ text: String) -> Result<Price, InstrumentValueError> {
        switch Self.parseGrid(text, scale: priceDecimals, unit: tickUnits, max: maxPrice.ticks) {
        case .success(let ticks): return .success(Price(ticks: ticks))
        case .failure(.offGrid): return .failure(.priceOffTick(tickSize: tickSizeText))
        case .failure(.tooLarge): return .failure(.tooLarge(maximum: formatPrice(maxPrice)))
        case .failure(.notPositive): return .failure(.notPositive)
        case .failure(.decimal(let e)): return .failure(.decimal(e))
        }
    }

    /// Parses a quantity string; refuses non-lot multiples, zero, negative, too precise or too large.
    public func parseQuantity(_ text: String) -> Result<Quantity, InstrumentValueError> {
        switch Self.parseGrid(text, scale: quantityDecimals, unit: lotUnits, max: maxQuantity.lots) {
        case .success(let lots): return .success(Quantity(lots: lots))
        case .failure(.offGrid): return .failure(.quantityNotLotMultiple(lotSize: lotSizeText))
        case .failure(.tooLarge): return .failure(.tooLarge(maximum: formatQuantity(maxQuantity)))
        case .failure(.notPositive): return .failure(.notPositive)
        case .failure(.decimal(let e)): return .failure(.decimal(e))
        }
    }

    enum GridError: Error { case decimal(DecimalParseError), notPositive, offGrid, tooLarge }

    /// Reads `text` at `scale` places as a positive whole number of `unit`s, at most `max` of them.
    static func parseGrid(_ text: String, scale: Int, unit: Int64, max: Int64) -> Result<Int64, GridError> {
        switch ScaledDecimal.parse(text, scale: scale) {
        case .failure(let e): return .failure(.decimal(e))
        case .success(let value):
            guard value > 0 else { return .failure(.notPositive) }
            guard value % unit == 0 else { return .failure(.offGrid) }
            guard value / unit <= max else { return .failure(.tooLarge) }
            return .success(value / unit)
        }
    }

    static func describe(_ error: GridError, unitText: String) -> String {
        switch error {
        case .decimal(let e): return e.reason
        case .notPositive: return "must be greater than zero"
        case .offGrid: return "must be a multiple of \(unitText)"
        case .tooLarge: return "is too large"
        }
    }

    /// The API form of a price, with exactly `priceDecimals` places ("101.25", "1.08345").
    public func formatPrice(_ price: Price) -> String {
        ScaledDecimal.format(price.ticks &* tickUnits, scale: priceDecimals, minFractionDigits: priceDecimals)
    }

    /// The API form of a quantity, without trailing zeros ("10", "0.25").
    public func formatQuantity(_ quantity: Quantity) -> String {
        ScaledDecimal.format(quantity.lots &* lotUnits, scale: quantityDecimals)
    }

    /// The exact notional of `quantity` at `price`; exact because the catalogue checked the grid.
    @inline(__always)
    public func notional(price: Price, quantity: Quantity) -> Money {
        Money(micros: price.ticks * quantity.lots * microsPerTickLot)
    }

    /// The price as a Double in currency units, for the simulator's float-valued processes only.
    public func priceValue(_ price: Price) -> Double {
        Double(price.ticks) * Double(tickUnits) / Double(ScaledDecimal.powersOfTen[priceDecimals])
    }

    /// The nearest on-grid price to a currency value, clamped to 1 tick ... `maxPrice`.
    public func nearestPrice(toValue value: Double) -> Price {
        let ticks = (value * Double(ScaledDecimal.powersOfTen[priceDecimals]) / Double(tickUnits)).rounded()
        guard ticks.isFinite else { return startingPrice }
        return Price(ticks: Int64(min(max(ticks, 1), Double(maxPrice.ticks))))
    }

    /// The quantity as a Double of base units (shares, coins), for agents sizing their orders.
    public func quantityValue(_ quantity: Quantity) -> Double {
        Double(quantity.lots) * Double(lotUnits) / Double(ScaledDecimal.powersOfTen[quantityDecimals])
    }

    static func fractionDigits(_ text: String) -> Int {
        guard let dot = text.utf8.firstIndex(of: UInt8(ascii: ".")) else { return 0 }
        return text.utf8.distance(from: dot, to: text.utf8.endIndex) - 1
    }
}
