import Foundation
import Logging
import MarketCore

/// Storage work for the CLI's `migrate` and `user create`, with the same code paths the
/// server uses.
public enum Provisioning {
    /// Applies pending migrations; returns how many there were.
    public static func migrate(_ location: StorageLocation, logger: Logger) async throws -> Int {
        let storage = try Storage(location: location, logger: logger)
        do {
            try await storage.prepare()
            let pending = try await storage.pendingMigrations()
            try await storage.migrate()
            await storage.shutdown()
            return pending.count
        } catch {
            await storage.shutdown()
            throw error
        }
    }

    /// Creates a user with a funded paper account; returns the new user's id. Errors carry the
    /// same codes and reasons as the API's (`weak_password`, `email_taken`…).
    public static func createUser(
        _ location: StorageLocation, email: String, password: String, displayName: String?, admin: Bool,
        startingCash: Money = Money(units: 100_000), logger: Logger
    ) async throws -> UUID {
        let storage = try Storage(location: location, logger: logger)
        do {
            try await storage.prepare()
            try await storage.migrate()
            let now: @Sendable () -> Date = { Date() }
            let audit = AuditLog(now: now)
            let users = UserDirectory(storage: storage)
            let accounts = AccountService(storage: storage, ledger: Ledger(now: now), audit: audit, startingCash: startingCash, currency: "USD", now: now)
            let registration = UserRegistration(storage: storage, users: users, accounts: accounts, hasher: PasswordHasher(cost: 12), audit: audit, now: now)
            let user = try await registration.create(email: email, password: password, displayName: displayName,
                                                     role: admin ? .admin : .trader, actor: .init(id: nil, email: "cli"))
            await storage.shutdown()
            return user.id
        } catch {
            await storage.shutdown()
            throw error
        }
    }
}

extension APIError: CustomStringConvertible {
    public var description: String { "\(reason) (\(code))" }
}
