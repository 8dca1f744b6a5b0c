extension InstrumentCatalogue {
    /// The embedded default catalogue; a server may load a file of the same shape instead.
    ///
    /// Stocks and the index trade 14:30–21:00 UTC Monday to Friday, FX all day Monday to Friday,
    /// the crypto-like pairs around the clock.
    public static let defaultJSON: String = """
    {
      "instruments": [
        {"symbol": "ACME", "name": "Acme Corporation", "kind": "stock", "tick_size": "0.01", "lot_size": "1",
         "starting_price": "101.25", "maker_fee_bps": 0, "taker_fee_bps": 2,
         "session": {"open": "14:30", "close": "21:00", "weekdays": [1, 2, 3, 4, 5]}},
        {"symbol": "GLOBX", "name": "Globex Industries", "kind": "stock", "tick_size": "0.01", "lot_size": "1",
         "starting_price": "57.80", "maker_fee_bps": 0, "taker_fee_bps": 2,
         "session": {"open": "14:30", "close": "21:00", "weekdays": [1, 2, 3, 4, 5]}},
        {"symbol": "INITK", "name": "Initech Software", "kind": "stock", "tick_size": "0.01", "lot_size": "1",
         "starting_price": "23.45", "maker_fee_bps": 0, "taker_fee_bps": 2,
         "session": {"open": "14:30", "close": "21:00", "weekdays": [1, 2, 3, 4, 5]}},
        {"symbol": "UMBR", "name": "Umbrella Pharmaceuticals", "kind": "stock", "tick_size": "0.05", "lot_size": "1",
         "price_decimals": 2, "starting_price": "212.30", "maker_fee_bps": 0, "taker_fee_bps": 2,
         "session": {"open": "14:30", "close": "21:00", "weekdays": [1, 2, 3, 4, 5]}},
        {"symbol": "STARK", "name": "Stark Energy", "kind": "stock", "tick_size": "0.01", "lot_size": "1",
         "starting_price": "348.10", "maker_fee_bps": 0, "taker_fee_bps": 2,
         "session": {"open": "14:30", "close": "21:00", "weekdays": [1, 2, 3, 4, 5]}},
        {"symbol": "BIX", "name": "Bourse 100 Index", "kind": "index", "tick_size": "0.25", "lot_size": "1",
         "price_decimals": 2, "starting_price": "4521.50", "maker_fee_bps": 0, "taker_fee_bps": 1,
         "short_selling_allowed": true,
         "session": {"open": "14:30", "close": "21:00", "weekdays": [1, 2, 3, 4, 5]}},
        {"symbol": "EURUSD", "name": "Euro / US Dollar", "kind": "fx", "tick_size": "0.00001", "lot_size": "1000",
         "starting_price": "1.08345", "maker_fee_bps": 0, "taker_fee_bps": 0, "short_selling_allowed": true,
         "max_price": "100", "max_quantity": "100000000",
         "session": {"open": "00:00", "close": "24:00", "weekdays": [1, 2, 3, 4, 5]}},
        {"symbol": "GBPUSD", "name": "British Pound / US Dollar", "kind": "fx", "tick_size": "0.00001", "lot_size": "1000",
         "starting_price": "1.26710", "maker_fee_bps": 0, "taker_fee_bps": 0, "short_selling_allowed": true,
         "max_price": "100", "max_quantity": "100000000",
         "session": {"open": "00:00", "close": "24:00", "weekdays": [1, 2, 3, 4, 5]}},
        {"symbol": "BTCUSD", "name": "Bitcoin / US Dollar (simulated)", "kind": "crypto", "tick_size": "0.01",
         "lot_size": "0.0001", "starting_price": "64250.00", "maker_fee_bps": 2, "taker_fee_bps": 5,
         "max_quantity": "10000", "session": "24/7"},
        {"symbol": "ETHUSD", "name": "Ether / US Dollar (simulated)", "kind": "crypto", "tick_size": "0.01",
         "lot_size": "0.0001", "starting_price": "3150.00", "maker_fee_bps": 2, "taker_fee_bps": 5,
         "max_quantity": "100000", "session": "24/7"}
      ]
    }
    """
}
