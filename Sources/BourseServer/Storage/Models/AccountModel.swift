import FluentKit
import Foundation

/// A user's paper account. `cash_micros` always equals the sum of the account's ledger
/// entries; it is kept on the row so reads need no aggregation.
final class AccountModel: Model, @unchecked Sendable {
    static let schema = "accounts"

    @ID(custom: "id", generatedBy: .database) var id: Int64?
    @Field(key: "user_id") var userID: UUID
    @Field(key: "currency") var currency: String
    @Field(key: "cash_micros") var cashMicros: Int64
    @Field(key: "reserved_micros") var reservedMicros: Int64
    @Field(key: "starting_cash_micros") var startingCashMicros: Int64
    @Field(key: "created_at") var createdAt: Date
    @Field(key: "updated_at") var updatedAt: Date

    init() {}

    init(userID: UUID, currency: String, startingCashMicros: Int64, now: Date) {
        self.userID = userID
        self.currency = currency
        self.cashMicros = 0
        self.reservedMicros = 0
        self.startingCashMicros = startingCashMicros
        self.createdAt = now
        self.updatedAt = now
    }
}
