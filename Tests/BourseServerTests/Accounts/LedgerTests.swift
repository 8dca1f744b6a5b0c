@testable import BourseServer
import FluentKit
import Foundation
import HummingbirdTesting
import MarketCore
import Testing

@Suite("Paper account and ledger")
struct LedgerTests {
    /// Sums every ledger entry of a user's account and of the whole ledger.
    static func sums(_ fixture: TestApp, userID: String) async throws -> (account: Money, cash: Money, everything: Int64) {
        try await fixture.withStorage { storage in
            let database = storage.database()
            let account = try #require(try await AccountModel.query(on: database).filter(\.$userID == UUID(uuidString: userID)!).first())
            let ledgerSum = try await Ledger(now: { Date() }).balance(of: account.id!, on: database)
            let total = try await Ledger(now: { Date() }).total(on: database).micros
            return (ledgerSum, Money(micros: account.cashMicros), total)
        }
    }

    @Test("ledger sums equal the account's cash after a deposit and a reset; every transaction balances")
    func depositAndReset() async throws {
        try await TestApp.run { client, fixture in
            let admin = try await client.admin(fixture)
            let trader = try await client.trader("ledger@example.com")

            let deposit = try await client.send(.post, "/api/admin/accounts/\(trader.id)/deposit", json: ["amount": "2500.123456", "note": "prize"], token: admin)
            #expect(deposit.status == .ok)
            #expect(deposit.string("cash") == "102500.123456")
            var sums = try await Self.sums(fixture, userID: trader.id)
            #expect(sums.account == sums.cash)
            #expect(sums.cash == Money(micros: 102_500_123_456))
            #expect(sums.everything == 0)

            let reset = try await client.send(.post, "/api/account/reset", token: trader.access)
            #expect(reset.status == .ok)
            #expect(reset.string("cash") == "100000.00")
            sums = try await Self.sums(fixture, userID: trader.id)
            #expect(sums.account == sums.cash)
            #expect(sums.cash == Money(units: 100_000))
            #expect(sums.everything == 0)

            let activities = try await client.send(.get, "/api/account/activities", token: trader.access)
            #expect(activities.array.map { $0["activity_type"] as? String } == ["reset", "deposit", "initial_deposit"])
            #expect(activities.array.map { $0["amount"] as? String } == ["-2500.123456", "2500.123456", "100000.00"])
            #expect(activities.array.first?["balance"] as? String == "100000.00")
            #expect((activities.array[1]["description"] as? String)?.contains("prize") == true)

            // Paging and filtering.
            let newest = try #require(activities.array.first?["id"] as? String)
            let older = try await client.send(.get, "/api/account/activities?before=\(newest)&limit=1", token: trader.access)
            #expect(older.array.map { $0["activity_type"] as? String } == ["deposit"])
            let onlyDeposits = try await client.send(.get, "/api/account/activities?activity_type=deposit", token: trader.access)
            #expect(onlyDeposits.array.count == 1)
        }
    }

    @Test("deposits refuse bad amounts and unknown users, and write nothing")
    func depositBadInput() async throws {
        try await TestApp.run { client, fixture in
            let admin = try await client.admin(fixture)
            let trader = try await client.trader("deposits@example.com")
            let path = "/api/admin/accounts/\(trader.id)/deposit"
            let cases: [(String, Int, String)] = [
                (#"{"amount":100}"#, 400, "wrong_type"),
                (#"{"amount":"abc"}"#, 400, "invalid_decimal"),
                (#"{"amount":"1e5"}"#, 400, "invalid_decimal"),
                (#"{"amount":"-5.00"}"#, 400, "negative_value"),
                (#"{"amount":"0"}"#, 400, "invalid_amount"),
                (#"{"amount":"0.0000001"}"#, 400, "too_many_decimals"),
                (#"{"amount":"99999999999999999999"}"#, 400, "value_too_large"),
                (#"{"amount":"1000000001"}"#, 400, "amount_too_large"),
                (#"{}"#, 400, "missing_field"),
                (#"{"amount":"10","cash":"5"}"#, 400, "unknown_field"),
            ]
            for (body, status, code) in cases {
                BadInputTests.expectContractShape(try await client.send(.post, path, raw: body, token: admin), status, code)
            }
            BadInputTests.expectContractShape(
                try await client.send(.post, "/api/admin/accounts/\(UUID().uuidString)/deposit", raw: #"{"amount":"10"}"#, token: admin), 404, "account_not_found")
            let activities = try await client.send(.get, "/api/account/activities", token: trader.access)
            #expect(activities.array.count == 1)
            let sums = try await Self.sums(fixture, userID: trader.id)
            #expect(sums.cash == Money(units: 100_000))
        }
    }
}
