import FluentKit
import Foundation
import MarketCore
import SQLKit

/// Posts balanced transactions to the append-only ledger and keeps each account's cash equal
/// to the sum of its entries.
///
/// Every posting runs inside the caller's database transaction: the balance update and both
/// entries commit together or not at all.
struct Ledger: Sendable {
    /// Platform-side accounts that users' cash moves against.
    enum PlatformAccount: String, Sendable {
        case funding = "platform:funding"
        case fees = "platform:fees"
        case settlement = "platform:settlement"
    }

    /// What a posting is, as shown in `/api/account/activities`.
    enum Kind: String, Sendable, CaseIterable {
        case initialDeposit = "initial_deposit"
        case deposit
        case reset
        case fill
        case fee
    }

    let now: @Sendable () -> Date

    /// Moves `amount` into (positive) or out of (negative) a user's cash account, against a
    /// platform account. Returns the user's entry.
    @discardableResult
    func post(on database: any Database, accountID: Int64, amount: Money, against platform: PlatformAccount,
              kind: Kind, description: String, reference: String? = nil) async throws -> LedgerEntryModel {
        guard let sql = database as? any SQLDatabase else { throw APIError.unavailable("storage_unavailable", "the database does not speak SQL") }
        let timestamp = now()
        // One statement reads and writes the balance, so concurrent postings cannot lose an update.
        guard let row = try await sql.raw("""
            UPDATE accounts SET cash_micros = cash_micros + \(bind: amount.micros), updated_at = \(bind: timestamp)
            WHERE id = \(bind: accountID) RETURNING cash_micros
            """).first()
        else { throw APIError.notFound("account_not_found", "no such account") }
        let balance = try row.decode(column: "cash_micros", as: Int64.self)
        let transactionID = UUID()
        let userEntry = LedgerEntryModel()
        userEntry.transactionID = transactionID
        userEntry.ledgerAccount = "user:\(accountID)"
        userEntry.accountID = accountID
        userEntry.kind = kind.rawValue
        userEntry.amountMicros = amount.micros
        userEntry.balanceAfterMicros = balance
        userEntry.entryDescription = description
        userEntry.reference = reference
        userEntry.createdAt = timestamp
        let platformEntry = LedgerEntryModel()
        platformEntry.transactionID = transactionID
        platformEntry.ledgerAccount = platform.rawValue
        platformEntry.accountID = nil
        platformEntry.kind = kind.rawValue
        platformEntry.amountMicros = -amount.micros
        platformEntry.balanceAfterMicros = nil
        platformEntry.entryDescription = description
        platformEntry.reference = reference
        platformEntry.createdAt = timestamp
        try await userEntry.create(on: database)
        try await platformEntry.create(on: database)
        return userEntry
    }

    /// The sum of an account's entries: what its cash must equal.
    func balance(of accountID: Int64, on database: any Database) async throws -> Money {
        try await sum(on: database, where: "WHERE account_id = \(accountID)")
    }

    /// The sum of every entry of every account: zero, since each transaction balances.
    func total(on database: any Database) async throws -> Money {
        try await sum(on: database, where: "")
    }

    private func sum(on database: any Database, where clause: String) async throws -> Money {
        guard let sql = database as? any SQLDatabase else { throw APIError.unavailable("storage_unavailable", "the database does not speak SQL") }
        // PostgreSQL widens SUM(bigint) to numeric; cast back so both engines return an integer.
        let row = try await sql.raw("SELECT CAST(COALESCE(SUM(amount_micros), 0) AS BIGINT) AS total FROM ledger_entries \(unsafeRaw: clause)").first()
        return Money(micros: try row?.decode(column: "total", as: Int64.self) ?? 0)
    }
}
