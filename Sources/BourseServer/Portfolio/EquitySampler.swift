import Foundation
import Logging
import MarketCore
import ServiceLifecycle
import SQLKit

/// Records every account's equity at a fixed interval, for `/api/portfolio/history`.
struct EquitySampler: Service {
    let storage: Storage
    let valuer: PositionValuer
    let interval: Duration
    let now: @Sendable () -> Date
    let logger: Logger

    func run() async throws {
        try? await cancelWhenGracefulShutdown {
            while !Task.isCancelled {
                do {
                    try await sample()
                } catch {
                    logger.warning("equity sampling failed", metadata: ["error": "\(error)"])
                }
                try await Task.sleep(for: interval)
            }
        }
    }

    func sample() async throws {
        let accounts = try await AccountModel.query(on: storage.database()).all()
        let takenAt = now()
        var rows: [(Int64, Money, Money)] = []
        for account in accounts {
            let value = try await valuer.marketValue(accountID: account.id!)
            rows.append((account.id!, Money(micros: account.cashMicros) + value, Money(micros: account.cashMicros)))
        }
        for chunk in stride(from: 0, to: rows.count, by: 200).map({ rows[$0..<min($0 + 200, rows.count)] }) {
            var insert = storage.sql().insert(into: "equity_snapshots").columns("account_id", "taken_at", "equity_micros", "cash_micros")
            for (accountID, equity, cash) in chunk {
                insert = insert.values(SQLBind(accountID), SQLBind(takenAt), SQLBind(equity.micros), SQLBind(cash.micros))
            }
            try await insert.run()
        }
    }
}
