import Foundation
import MarketCore

/// `GET /api/account`: the paper account as the client sees it, amounts as decimal strings.
///
/// Equity is cash plus the market value of positions (short positions count negative) at the
/// latest prices. Buying power is cash not reserved by open orders.
struct AccountSummary: Codable, Sendable, Equatable {
    let accountID: String
    let userID: String
    let currency: String
    let cash: String
    let reservedCash: String
    let equity: String
    let buyingPower: String
    let startingCash: String
    let createdAt: Date

    enum CodingKeys: String, CodingKey {
        case accountID = "account_id", userID = "user_id", currency, cash, reservedCash = "reserved_cash"
        case equity, buyingPower = "buying_power", startingCash = "starting_cash", createdAt = "created_at"
    }

    init(_ account: AccountModel, positionsValue: Money = .zero) {
        let cash = Money(micros: account.cashMicros)
        let reserved = Money(micros: account.reservedMicros)
        self.accountID = String(account.id ?? 0)
        self.userID = account.userID.uuidString.lowercased()
        self.currency = account.currency
        self.cash = cash.decimalString
        self.reservedCash = reserved.decimalString
        self.equity = (cash + positionsValue).decimalString
        self.buyingPower = (cash - reserved).decimalString
        self.startingCash = Money(micros: account.startingCashMicros).decimalString
        self.createdAt = account.createdAt
    }
}
