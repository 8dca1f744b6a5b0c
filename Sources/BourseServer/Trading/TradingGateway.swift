import Foundation
import MarketCore

/// How the accounts area moves cash that the trading engine owns: deposits and resets go
/// through the engine, which holds each trading account's balance and positions in memory, so
/// the ledger and the engine never disagree. (The embedded shape calls the engine directly; the
/// services shape reaches the trading role over HTTP.)
protocol TradingGateway: Sendable {
    func deposit(accountID: Int64, amount: Money, description: String, reference: String?, audit: PendingAudit) async throws
    func reset(accountID: Int64, audit: PendingAudit) async throws
}

/// The in-process gateway of the embedded shape.
struct EngineTradingGateway: TradingGateway {
    let engine: MarketEngine
    let store: TradingStore
    let now: @Sendable () -> Date

    func deposit(accountID: Int64, amount: Money, description: String, reference: String?, audit: PendingAudit) async throws {
        try await engine.loadAccountIfNeeded(accountID, from: store)
        let (state, durable) = try await engine.deposit(accountID: accountID, amount: amount, description: description,
                                                        reference: reference, audit: audit, now: now())
        try await durable.get()
        guard state != nil else { throw APIError.notFound("account_not_found", "no such account") }
    }

    func reset(accountID: Int64, audit: PendingAudit) async throws {
        try await engine.loadAccountIfNeeded(accountID, from: store)
        let (state, durable) = try await engine.reset(accountID: accountID, audit: audit, now: now())
        try await durable.get()
        guard state != nil else { throw APIError.notFound("account_not_found", "no such account") }
    }
}
