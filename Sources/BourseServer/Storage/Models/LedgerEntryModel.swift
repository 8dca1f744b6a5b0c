import FluentKit
import Foundation

/// One posting of the append-only double-entry ledger. Every transaction's postings sum to
/// zero: a user's cash account against a platform account (`platform:funding`,
/// `platform:fees`, `platform:settlement`).
final class LedgerEntryModel: Model, @unchecked Sendable {
    static let schema = "ledger_entries"

    @ID(custom: "id", generatedBy: .database) var id: Int64?
    @Field(key: "transaction_id") var transactionID: UUID
    @Field(key: "ledger_account") var ledgerAccount: String
    @OptionalField(key: "account_id") var accountID: Int64?
    @Field(key: "kind") var kind: String
    @Field(key: "amount_micros") var amountMicros: Int64
    @OptionalField(key: "balance_after_micros") var balanceAfterMicros: Int64?
    @Field(key: "description") var entryDescription: String
    @OptionalField(key: "reference") var reference: String?
    @Field(key: "created_at") var createdAt: Date

    init() {}
}
