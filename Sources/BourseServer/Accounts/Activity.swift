import Foundation
import MarketCore

/// One line of `/api/account/activities` (Alpaca's account activities, from the ledger).
struct Activity: Codable, Sendable, Equatable {
    let id: String
    let activityType: String
    let amount: String
    let balance: String?
    let description: String
    let transactionID: String
    let reference: String?
    let createdAt: Date

    enum CodingKeys: String, CodingKey {
        case id, activityType = "activity_type", amount, balance, description
        case transactionID = "transaction_id", reference, createdAt = "created_at"
    }

    init(_ entry: LedgerEntryModel) {
        self.id = String(entry.id ?? 0)
        self.activityType = entry.kind
        self.amount = Money(micros: entry.amountMicros).decimalString
        self.balance = entry.balanceAfterMicros.map { Money(micros: $0).decimalString }
        self.description = entry.entryDescription
        self.transactionID = entry.transactionID.uuidString.lowercased()
        self.reference = entry.reference
        self.createdAt = entry.createdAt
    }
}
