import MarketCore
import Testing

@Suite("Candles")
struct CandleAggregatorTests {
    /// Hand-worked: trades at 10:00:00.2 (100 × 5), 10:00:00.7 (103 × 2), 10:00:01.1 (99 × 1),
    /// 10:00:59.9 (101 × 4), 10:01:00.0 (102 × 3), then time moves to 10:05:00.
    @Test func handWorkedExample() {
        let t0: Int64 = 1_767_607_200_000 // 2026-01-05 10:00:00 UTC
        var aggregator = CandleAggregator(intervals: [.oneSecond, .oneMinute, .fiveMinutes])
        var closed: [Candle] = []
        let trades: [(Int64, Int64, Int64)] = [(200, 100, 5), (700, 103, 2), (1_100, 99, 1), (59_900, 101, 4), (60_000, 102, 3)]
        for (offset, price, qty) in trades {
            aggregator.add(price: Price(ticks: price), quantity: Quantity(lots: qty), atMillis: t0 + offset, closed: &closed)
        }
        func candle(_ i: CandleInterval, _ start: Int64, _ o: Int64, _ h: Int64, _ l: Int64, _ c: Int64, _ v: Int64, _ n: Int) -> Candle {
            Candle(interval: i, startMillis: t0 + start, open: Price(ticks: o), high: Price(ticks: h), low: Price(ticks: l),
                   close: Price(ticks: c), volume: Quantity(lots: v), tradeCount: n)
        }
        #expect(closed == [
            candle(.oneSecond, 0, 100, 103, 100, 103, 7, 2),
            candle(.oneSecond, 1_000, 99, 99, 99, 99, 1, 1),
            candle(.oneSecond, 59_000, 101, 101, 101, 101, 4, 1),
            candle(.oneMinute, 0, 100, 103, 99, 101, 12, 4),
        ])
        #expect(aggregator.current(.fiveMinutes) == candle(.fiveMinutes, 0, 100, 103, 99, 102, 15, 5))
        closed.removeAll()
        aggregator.close(upTo: t0 + 60_999, closed: &closed)
        #expect(closed.isEmpty)
        aggregator.close(upTo: t0 + 300_000, closed: &closed)
        #expect(closed == [
            candle(.oneSecond, 60_000, 102, 102, 102, 102, 3, 1),
            candle(.oneMinute, 60_000, 102, 102, 102, 102, 3, 1),
            candle(.fiveMinutes, 0, 100, 103, 99, 102, 15, 5),
        ])
        #expect(aggregator.current(.oneMinute) == nil)
    }

    @Test func bucketsAlignToTheEpochInUTC() {
        #expect(CandleInterval.oneDay.bucketStart(1_767_607_200_000) == 1_767_571_200_000)
        #expect(CandleInterval.fiveMinutes.bucketStart(299_999) == 0)
        #expect(CandleInterval.oneMinute.bucketStart(-1) == -60_000)
        #expect(CandleInterval(rawValue: "5m") == .fiveMinutes)
    }
}
