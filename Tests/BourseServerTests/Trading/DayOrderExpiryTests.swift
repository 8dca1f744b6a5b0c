import Foundation
import Hummingbird
import HummingbirdTesting
@testable import BourseServer
import MarketCore
import Testing

/// Day orders end at their instrument's session close, through the whole server: the simulator
/// closes the session, the engine expires the order, the journal stores it, the trader is told.
@Suite("Day orders expire at the session end")
struct DayOrderExpiryTests {
    /// One stock open every day whose session closes two to three minutes from now (or at
    /// midnight, which expires day orders as well): time enough for a slow start to place the
    /// orders while it is open; the test then moves the clock past the close.
    static func closingSoon(now: Date) throws -> InstrumentCatalogue {
        let minute = Int(now.timeIntervalSince1970.truncatingRemainder(dividingBy: 86_400) / 60)
        let close = min(minute + 3, 1_440)
        let closeText = String(format: "%02d:%02d", close / 60, close % 60)
        return try InstrumentCatalogue.decode(json: """
            {"instruments": [
              {"symbol": "DAYX", "name": "Day Expiry Test", "kind": "stock", "tick_size": "0.01", "lot_size": "1",
               "starting_price": "100.00", "maker_fee_bps": 0, "taker_fee_bps": 2,
               "session": {"open": "00:00", "close": "\(closeText)", "weekdays": [1, 2, 3, 4, 5, 6, 7]}}
            ]}
            """)
    }

    @Test("a resting day order expires at the close, releases its cash and is pushed as expired; a GTC order stays")
    func dayOrderExpires() async throws {
        let catalogue = try Self.closingSoon(now: Date())
        try await TestApp.run(.live, configure: {
            $0.market = MarketSettings(stepMilliseconds: 20, speed: 1, seed: 7, catalogue: catalogue)
        }) { client, fixture in
            let port = try #require(client.port)
            let trader = try await client.trader("day@example.com")
            let pushed = Task {
                try await PushChannelTests.collect("ws://127.0.0.1:\(port)/api/ws/trading/\(trader.id)?token=\(trader.access)", seconds: 90,
                                                   until: { messages in messages.contains { ($0["data"] as? [String: Any])?["event"] as? String == "expired" } })
            }
            try await Task.sleep(for: .milliseconds(300))
            let order: [String: Any] = ["symbol": "DAYX", "side": "buy", "type": "limit", "qty": "10", "limit_price": "50.00"]
            let day = try await client.send(.post, "/trading/orders", json: order.merging(["time_in_force": "day"]) { $1 }, token: trader.access)
            #expect(day.status == .created, "\(day.text)")
            let gtc = try await client.send(.post, "/trading/orders", json: order.merging(["time_in_force": "gtc"]) { $1 }, token: trader.access)
            #expect(gtc.status == .created, "\(gtc.text)")
            let dayID = try #require(day.string("id"))
            let gtcID = try #require(gtc.string("id"))
            // Each reserves 10 × 50.00 plus the 2 bps taker fee.
            #expect(try await client.send(.get, "/api/account", token: trader.access).string("reserved_cash") == "1000.20")

            // The simulator moves at most five simulated seconds a step (a longer jump is skipped,
            // not replayed), so the clock goes forward in four-second strides until the close.
            #expect(try await eventually(seconds: 120) {
                for _ in 0..<10 {
                    fixture.clock.advance(by: 4)
                    try await Task.sleep(for: .milliseconds(25))
                }
                return try await client.send(.get, "/trading/orders/\(dayID)", token: trader.access).string("status") == "expired"
            })
            #expect(try await client.send(.get, "/trading/orders/\(gtcID)", token: trader.access).string("status") == "new")
            let account = try await client.send(.get, "/api/account", token: trader.access)
            #expect(account.string("reserved_cash") == "500.10")
            #expect(account.string("cash") == "100000.00")

            let events = try await pushed.value.messages.compactMap { $0["data"] as? [String: Any] }
            let expired = events.first { $0["event"] as? String == "expired" }
            #expect((expired?["order"] as? [String: Any])?["id"] as? String == dayID, "\(events)")
        }
    }
}
