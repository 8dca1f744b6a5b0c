import FluentKit
import Foundation
import MarketCore

/// Paper accounts: opening, reading, resetting and funding them. The one owner of `accounts`.
struct AccountService: Sendable {
    let storage: Storage
    let ledger: Ledger
    let audit: AuditLog
    let startingCash: Money
    let currency: String
    let now: @Sendable () -> Date
    /// Where cash moves: the trading engine owns the balances (in this process, or over HTTP).
    var gateway: (any TradingGateway)?
    /// The market value of an account's positions, for equity.
    var valuer: PositionValuer?

    /// Opens a user's account funded with the starting cash; runs in the caller's transaction.
    func open(userID: UUID, on database: any Database) async throws -> AccountModel {
        let account = AccountModel(userID: userID, currency: currency, startingCashMicros: startingCash.micros, now: now())
        try await account.create(on: database)
        try await ledger.post(on: database, accountID: account.id!, amount: startingCash, against: .funding,
                              kind: .initialDeposit, description: "Starting virtual cash")
        account.cashMicros = startingCash.micros
        return account
    }

    func account(userID: UUID, on database: (any Database)? = nil) async throws -> AccountModel {
        guard let account = try await AccountModel.query(on: database ?? storage.database()).filter(\.$userID == userID).first() else {
            throw APIError.notFound("account_not_found", "this user has no paper account")
        }
        return account
    }

    func summary(userID: UUID) async throws -> AccountSummary {
        try await summary(of: try await account(userID: userID))
    }

    func summary(of account: AccountModel) async throws -> AccountSummary {
        let value = try await valuer?.marketValue(accountID: account.id!) ?? .zero
        return AccountSummary(account, positionsValue: value)
    }

    /// Ledger entries of the user's account, newest first, paged by `before` (an entry id).
    func activities(userID: UUID, limit: Int, before: Int64?, kind: Ledger.Kind?) async throws -> [Activity] {
        let database = storage.database()
        let account = try await account(userID: userID, on: database)
        var query = LedgerEntryModel.query(on: database).filter(\.$accountID == account.id!)
        if let before { query = query.filter(\.$id < before) }
        if let kind { query = query.filter(\.$kind == kind.rawValue) }
        return try await query.sort(\.$id, .descending).limit(limit).all().map(Activity.init)
    }

    /// Back to the starting cash, recorded in the ledger as one `reset` posting.
    func reset(user: UserSnapshot) async throws -> AccountSummary {
        let gateway = try requireGateway()
        let account = try await account(userID: user.id)
        let before = try await summary(of: account)
        let audit = PendingAudit(actor: .init(user), area: "accounts", action: "reset", target: "account:\(account.id!)",
                                 beforeJSON: json(before), afterJSON: nil, at: now())
        try await gateway.reset(accountID: account.id!, audit: audit)
        return try await summary(userID: user.id)
    }

    /// The largest single deposit an admin may make: generous, but far from overflow.
    static let maxDeposit = Money(units: 1_000_000_000)

    /// Adds virtual funds to a user's account (admin only), audited.
    func deposit(admin: UserSnapshot, userID: UUID, amount: Money, note: String?) async throws -> AccountSummary {
        guard amount > .zero else { throw APIError.badRequest("invalid_amount", "'amount' must be greater than zero") }
        guard amount <= Self.maxDeposit else {
            throw APIError.badRequest("amount_too_large", "'amount' must be at most \(Self.maxDeposit.decimalString)")
        }
        let gateway = try requireGateway()
        let description = note.map { "Deposit by administrator: \($0)" } ?? "Deposit by administrator"
        let reference = "admin:\(admin.id.uuidString.lowercased())"
        let account = try await account(userID: userID)
        let before = try await summary(of: account)
        let audit = PendingAudit(actor: .init(admin), area: "accounts", action: "deposit", target: "account:\(account.id!)",
                                 beforeJSON: json(before), afterJSON: json(["amount": amount.decimalString]), at: now())
        try await gateway.deposit(accountID: account.id!, amount: amount, description: description, reference: reference, audit: audit)
        return try await summary(userID: userID)
    }

    /// Cash moves only through the trading engine, which holds the balances (one writer of an
    /// account's cash). Only the CLI's `user create` builds this service without one, and it
    /// only opens accounts.
    private func requireGateway() throws -> any TradingGateway {
        guard let gateway else { throw APIError.unavailable("trading_unavailable", "this process cannot reach the trading system") }
        return gateway
    }

    private func json(_ value: some Encodable) -> String? {
        (try? JSONResponse.encoder.encode(value)).map { String(decoding: $0, as: UTF8.self) }
    }
}
