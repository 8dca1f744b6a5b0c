import Foundation

/// The set of instruments the market trades, loaded from JSON (the embedded default or a user file).
public struct InstrumentCatalogue: Sendable, Hashable {
    /// Instruments in catalogue order.
    public let instruments: [Instrument]
    private let indexBySymbol: [String: Int]

    /// Builds a catalogue; symbols must be unique and there must be at least one instrument.
    public init(instruments: [Instrument]) throws(CatalogueError) {
        guard !instruments.isEmpty else { throw .empty }
        var index: [String: Int] = [:]
        for (i, instrument) in instruments.enumerated() {
            if index.updateValue(i, forKey: instrument.symbol) != nil { throw .duplicateSymbol(instrument.symbol) }
        }
        self.instruments = instruments
        self.indexBySymbol = index
    }

    /// The instrument with `symbol`, if any.
    public subscript(symbol: String) -> Instrument? {
        indexBySymbol[symbol].map { instruments[$0] }
    }

    /// The position of `symbol` in `instruments`, if any.
    public func index(of symbol: String) -> Int? { indexBySymbol[symbol] }

    /// Decodes and validates a catalogue: `{"instruments": [...]}` or a bare array of instruments.
    public static func decode(json: String) throws(CatalogueError) -> InstrumentCatalogue {
        let data = Data(json.utf8)
        let entries: [InstrumentEntry]
        do {
            let firstByte = json.utf8.first { $0 != 0x20 && $0 != 0x0A && $0 != 0x0D && $0 != 0x09 }
            if firstByte == UInt8(ascii: "[") {
                entries = try JSONDecoder().decode([InstrumentEntry].self, from: data)
            } else {
                entries = try JSONDecoder().decode(Wrapper.self, from: data).instruments
            }
        } catch {
            throw .invalidJSON(Self.describe(error))
        }
        var instruments: [Instrument] = []
        instruments.reserveCapacity(entries.count)
        for entry in entries { instruments.append(try entry.instrument()) }
        return try InstrumentCatalogue(instruments: instruments)
    }

    /// The built-in catalogue. `defaultJSON` is a constant checked by the test suite, so failing
    /// to decode it is a programming error rather than a runtime condition.
    public static let standard: InstrumentCatalogue = {
        do { return try decode(json: defaultJSON) } catch { preconditionFailure("default catalogue invalid: \(error)") }
    }()

    private struct Wrapper: Decodable { let instruments: [InstrumentEntry] }

    private static func describe(_ error: any Error) -> String {
        guard let decoding = error as? DecodingError else { return String(describing: error) }
        switch decoding {
        case .dataCorrupted(let c): return c.codingPath.isEmpty ? c.debugDescription : "\(c.debugDescription) at \(path(c.codingPath))"
        case .keyNotFound(let key, let c): return "missing \(key.stringValue) at \(path(c.codingPath))"
        case .typeMismatch(_, let c), .valueNotFound(_, let c): return "\(c.debugDescription) at \(path(c.codingPath))"
        @unknown default: return String(describing: error)
        }
    }

    private static func path(_ keys: [any CodingKey]) -> String {
        keys.isEmpty ? "top level" : keys.map { $0.intValue.map { "[\($0)]" } ?? $0.stringValue }.joined(separator: ".")
    }
}

/// One instrument as written in catalogue JSON (snake_case keys, decimal strings).
struct InstrumentEntry: Decodable {
    let symbol: String
    let name: String
    let kind: InstrumentKind
    let tickSize: String
    let lotSize: String
    let priceDecimals: Int?
    let startingPrice: String
    let makerFeeBps: Int?
    let takerFeeBps: Int?
    let shortSellingAllowed: Bool?
    let session: SessionEntry?
    let maxPrice: String?
    let maxQuantity: String?

    enum CodingKeys: String, CodingKey {
        case symbol, name, kind, session
        case tickSize = "tick_size", lotSize = "lot_size", priceDecimals = "price_decimals"
        case startingPrice = "starting_price", makerFeeBps = "maker_fee_bps", takerFeeBps = "taker_fee_bps"
        case shortSellingAllowed = "short_selling_allowed", maxPrice = "max_price", maxQuantity = "max_quantity"
    }

    func instrument() throws(CatalogueError) -> Instrument {
        let tradingSession: TradingSession
        switch session {
        case nil, .alwaysOpen?: tradingSession = .alwaysOpen
        case .hours(let open, let close, let weekdays)?:
            guard let o = Self.minuteOfDay(open), let c = Self.minuteOfDay(close) else {
                throw .invalidField(symbol: symbol, field: "session", reason: "open and close must be \"HH:MM\" in UTC (close may be 24:00)")
            }
            tradingSession = .hours(openMinute: o, closeMinute: c, weekdays: Set(weekdays))
        }
        return try Instrument(
            symbol: symbol, name: name, kind: kind, tickSize: tickSize, lotSize: lotSize,
            priceDecimals: priceDecimals, startingPrice: startingPrice,
            makerFeeBps: makerFeeBps ?? 0, takerFeeBps: takerFeeBps ?? 0,
            shortSellingAllowed: shortSellingAllowed ?? false, session: tradingSession,
            maxPrice: maxPrice ?? "1000000", maxQuantity: maxQuantity ?? "1000000")
    }

    static func minuteOfDay(_ text: String) -> Int? {
        let parts = text.split(separator: ":", omittingEmptySubsequences: false)
        guard parts.count == 2, parts[0].count == 2, parts[1].count == 2,
              let h = Int(parts[0]), let m = Int(parts[1]), (0...24).contains(h), (0...59).contains(m) else { return nil }
        let minute = h * 60 + m
        return minute <= 1440 ? minute : nil
    }
}

/// A session in catalogue JSON: the string "24/7", or `{"open": "HH:MM", "close": "HH:MM", "weekdays": [1,...]}`.
enum SessionEntry: Decodable {
    case alwaysOpen
    case hours(open: String, close: String, weekdays: [Int])

    private struct Hours: Decodable { let open: String; let close: String; let weekdays: [Int] }

    init(from decoder: any Decoder) throws {
        let container = try decoder.singleValueContainer()
        if let text = try? container.decode(String.self) {
            guard text == "24/7" else {
                throw DecodingError.dataCorruptedError(in: container, debugDescription: "session must be \"24/7\" or an object with open, close and weekdays")
            }
            self = .alwaysOpen
        } else {
            let hours = try container.decode(Hours.self)
            self = .hours(open: hours.open, close: hours.close, weekdays: hours.weekdays)
        }
    }
}
