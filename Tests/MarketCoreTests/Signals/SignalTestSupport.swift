import MarketCore

/// Instruments and candle series for the signal tests.
enum SignalTestSupport {
    static let t0: Int64 = 1_767_607_200_000 // 2026-01-05 10:00:00 UTC

    static func instrument(_ symbol: String = "ACME", tickSize: String = "0.01", priceDecimals: Int? = nil) -> Instrument {
        // The parameters are valid by construction; a failure here is a broken test, not a case.
        try! Instrument(symbol: symbol, name: symbol, kind: .stock, tickSize: tickSize, lotSize: "1",
                        priceDecimals: priceDecimals, startingPrice: "100")
    }

    /// One-minute candles closing at `closes` (currency units, on the instrument's tick grid).
    static func candles(_ closes: [Double], for instrument: Instrument, interval: CandleInterval = .oneMinute,
                        startIndex: Int = 0) -> [Candle] {
        closes.enumerated().map { i, close in
            let price = instrument.nearestPrice(toValue: close)
            return Candle(interval: interval, startMillis: t0 + Int64(startIndex + i) * interval.millis, open: price, high: price,
                          low: price, close: price, volume: Quantity(lots: 1), tradeCount: 1)
        }
    }

    static func engine(_ rules: [SignalRule]) -> SignalEngine {
        try! SignalEngine(rules: rules)
    }
}
