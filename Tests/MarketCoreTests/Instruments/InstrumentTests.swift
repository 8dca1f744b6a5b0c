import MarketCore
import Testing

@Suite("Instruments")
struct InstrumentTests {
    let catalogue = InstrumentCatalogue.standard
    var acme: Instrument { catalogue["ACME"]! }
    var umbr: Instrument { catalogue["UMBR"]! }
    var btc: Instrument { catalogue["BTCUSD"]! }
    var eur: Instrument { catalogue["EURUSD"]! }

    @Test func defaultCatalogueHasEveryKind() throws {
        let decoded = try InstrumentCatalogue.decode(json: InstrumentCatalogue.defaultJSON)
        #expect(decoded == catalogue)
        #expect((8...12).contains(catalogue.instruments.count))
        #expect(Set(catalogue.instruments.map(\.kind)) == Set(InstrumentKind.allCases))
        #expect(catalogue.instruments.filter { $0.kind == .fx }.allSatisfy { $0.tickSizeText == "0.00001" })
        #expect(catalogue.instruments.filter { $0.kind == .crypto }.allSatisfy { $0.session == .alwaysOpen && $0.lotSizeText == "0.0001" })
        #expect(catalogue["NOPE"] == nil)
        #expect(catalogue.index(of: "GLOBX") == 1)
    }

    @Test func parsesPricesOnTheGrid() {
        #expect(acme.parsePrice("101.25") == .success(Price(ticks: 10_125)))
        #expect(acme.parsePrice("101.2") == .success(Price(ticks: 10_120)))
        #expect(umbr.parsePrice("212.35") == .success(Price(ticks: 4_247)))
        #expect(umbr.parsePrice("212.33") == .failure(.priceOffTick(tickSize: "0.05")))
        #expect(umbr.parsePrice("212.33").failureCode == "price_off_tick")
        #expect(acme.parsePrice("101.255").failureCode == "too_many_decimals")
        #expect(acme.parsePrice("-1").failureCode == "negative_value")
        #expect(acme.parsePrice("0").failureCode == "must_be_positive")
        #expect(acme.parsePrice("0.00").failureCode == "must_be_positive")
        #expect(acme.parsePrice("abc").failureCode == "invalid_decimal")
        #expect(acme.parsePrice("").failureCode == "invalid_decimal")
        #expect(acme.parsePrice("1e3").failureCode == "invalid_decimal")
        #expect(acme.parsePrice("99999999999999999999").failureCode == "value_too_large")
        #expect(acme.parsePrice("1000000.01").failureCode == "value_too_large")
        #expect(eur.parsePrice("1.08345") == .success(Price(ticks: 108_345)))
        #expect(eur.parsePrice("1.083451").failureCode == "too_many_decimals")
    }

    @Test func parsesQuantitiesInLots() {
        #expect(btc.parseQuantity("0.0001") == .success(Quantity(lots: 1)))
        #expect(btc.parseQuantity("1.25") == .success(Quantity(lots: 12_500)))
        #expect(btc.parseQuantity("0.00015").failureCode == "too_many_decimals")
        #expect(eur.parseQuantity("2000") == .success(Quantity(lots: 2)))
        #expect(eur.parseQuantity("1500") == .failure(.quantityNotLotMultiple(lotSize: "1000")))
        #expect(eur.parseQuantity("1500").failureCode == "qty_not_lot_multiple")
        #expect(acme.parseQuantity("0").failureCode == "must_be_positive")
        #expect(acme.parseQuantity("1.5").failureCode == "too_many_decimals")
        #expect(acme.parseQuantity("1000001").failureCode == "value_too_large")
    }

    @Test func formatsAndRoundTrips() {
        #expect(acme.formatPrice(Price(ticks: 10_100)) == "101.00")
        #expect(eur.formatPrice(Price(ticks: 108_340)) == "1.08340")
        #expect(btc.formatQuantity(Quantity(lots: 12_500)) == "1.25")
        #expect(eur.formatQuantity(Quantity(lots: 3)) == "3000")
        for text in ["0.01", "64250.37", "1.00"] {
            guard case .success(let price) = btc.parsePrice(text) else { Issue.record("\(text)"); continue }
            #expect(btc.parsePrice(btc.formatPrice(price)) == .success(price))
        }
    }

    @Test func notionalIsExactMoney() {
        // 64 250.00 × 0.0001 = 6.425
        #expect(btc.notional(price: Price(ticks: 6_425_000), quantity: Quantity(lots: 1)) == Money(micros: 6_425_000))
        // 1.08345 × 2000 = 2166.90
        #expect(eur.notional(price: Price(ticks: 108_345), quantity: Quantity(lots: 2)) == Money(micros: 2_166_900_000))
        #expect(btc.microsPerTickLot == 1)
        #expect(acme.microsPerTickLot == 10_000)
    }

    @Test func sessionsFollowUTCHoursAndWeekdays() {
        // 2026-01-05 is a Monday; 00:00 UTC that day is 1 767 571 200 s after the epoch.
        let monday: Int64 = 1_767_571_200_000
        func at(_ days: Int64, _ h: Int64, _ m: Int64) -> Int64 { monday + days * 86_400_000 + (h * 60 + m) * 60_000 }
        #expect(TradingSession.isoWeekday(ofEpochDay: monday / 86_400_000) == 1)
        #expect(acme.session.isOpen(atEpochMillis: at(0, 15, 0)))
        #expect(acme.session.isOpen(atEpochMillis: at(0, 14, 30)))
        #expect(!acme.session.isOpen(atEpochMillis: at(0, 14, 29)))
        #expect(!acme.session.isOpen(atEpochMillis: at(0, 21, 0)))
        #expect(!acme.session.isOpen(atEpochMillis: at(5, 15, 0)))
        #expect(eur.session.isOpen(atEpochMillis: at(4, 23, 59)))
        #expect(!eur.session.isOpen(atEpochMillis: at(6, 12, 0)))
        #expect(btc.session.isOpen(atEpochMillis: at(6, 3, 0)))
    }
}

@Suite("Instrument catalogue validation")
struct InstrumentCatalogueTests {
    static func json(_ fields: String) -> String {
        #"{"instruments": [{"symbol": "X", "name": "X Corp", "kind": "stock", "#  + fields + "}]}"
    }

    @Test func acceptsAMinimalUserFileAndABareArray() throws {
        let catalogue = try InstrumentCatalogue.decode(json: Self.json(#""tick_size": "0.5", "lot_size": "10", "starting_price": "12.5""#))
        #expect(catalogue["X"]?.microsPerTickLot == 5_000_000)
        #expect(catalogue["X"]?.session == .alwaysOpen)
        #expect(catalogue["X"]?.shortSellingAllowed == false)
        let bare = try InstrumentCatalogue.decode(json: #"[{"symbol": "Y", "name": "Y", "kind": "crypto", "tick_size": "1", "lot_size": "1", "starting_price": "3"}]"#)
        #expect(bare.instruments.map(\.symbol) == ["Y"])
    }

    @Test(arguments: [
        (#""tick_size": "0.0001", "lot_size": "0.001", "starting_price": "1""#, "micro-units"),
        (#""tick_size": "0.01", "lot_size": "1", "starting_price": "1.005""#, "starting_price"),
        (#""tick_size": "0", "lot_size": "1", "starting_price": "1""#, "tick_size"),
        (#""tick_size": "0.01", "lot_size": "-1", "starting_price": "1""#, "lot_size"),
        (#""tick_size": "0.01", "lot_size": "1", "starting_price": "1", "taker_fee_bps": 5000"#, "taker_fee_bps"),
        (#""tick_size": "0.01", "lot_size": "1", "starting_price": "1", "price_decimals": 1"#, "price_decimals"),
        (#""tick_size": "0.01", "lot_size": "1", "starting_price": "1", "session": "always""#, "24/7"),
        (#""tick_size": "0.01", "lot_size": "1", "starting_price": "1", "session": {"open": "21:00", "close": "14:30", "weekdays": [1]}"#, "session"),
        (#""tick_size": "0.01", "lot_size": "1", "starting_price": "1", "session": {"open": "9:00", "close": "14:30", "weekdays": [1]}"#, "HH:MM"),
        (#""tick_size": "0.01", "lot_size": "1", "starting_price": "1", "session": {"open": "09:00", "close": "14:30", "weekdays": [8]}"#, "weekdays"),
        (#""tick_size": "0.01", "lot_size": "1", "starting_price": "1", "max_quantity": "1000000000""#, "max_quantity"),
        (#""tick_size": "0.01", "lot_size": "1""#, "starting_price"),
    ])
    func refusesBadInstruments(fields: String, mentioning: String) {
        do {
            _ = try InstrumentCatalogue.decode(json: Self.json(fields))
            Issue.record("accepted \(fields)")
        } catch {
            #expect(error.description.contains(mentioning), "\(error.description)")
        }
    }

    @Test func refusesBrokenFiles() {
        do {
            _ = try InstrumentCatalogue.decode(json: #"[{"symbol": "Y", "name": "Y", "kind": "bond", "tick_size": "1", "lot_size": "1", "starting_price": "3"}]"#)
            Issue.record("accepted an unknown kind")
        } catch {
            #expect(error.description.contains("kind"), "\(error.description)")
        }
        #expect(throws: CatalogueError.empty) { try InstrumentCatalogue.decode(json: #"{"instruments": []}"#) }
        #expect(throws: CatalogueError.duplicateSymbol("Y")) {
            let y = #"{"symbol": "Y", "name": "Y", "kind": "crypto", "tick_size": "1", "lot_size": "1", "starting_price": "3"}"#
            return try InstrumentCatalogue.decode(json: "[\(y), \(y)]")
        }
        do {
            _ = try InstrumentCatalogue.decode(json: "{not json")
            Issue.record("accepted garbage")
        } catch {
            guard case .invalidJSON = error else { Issue.record("wrong error \(error)"); return }
        }
    }
}

extension Result where Failure == InstrumentValueError {
    var failureCode: String? {
        if case .failure(let e) = self { return e.code }
        return nil
    }
}
