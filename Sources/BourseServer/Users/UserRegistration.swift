import FluentKit
import Foundation

/// Creates users, each with a funded paper account, in one transaction: the path shared by
/// self-registration, the first-start admin and `bourse user create`.
struct UserRegistration: Sendable {
    let storage: Storage
    let users: UserDirectory
    let accounts: AccountService
    let hasher: PasswordHasher
    let audit: AuditLog
    let now: @Sendable () -> Date

    /// Creates a user and their funded paper account in one transaction.
    func create(email rawEmail: String, password: String, displayName: String?, role: UserRole,
                    actor: AuditLog.Actor) async throws -> UserSnapshot {
        let email = try CredentialRules.email(rawEmail)
        try CredentialRules.checkPassword(password, email: email)
        let name = try displayName.map(CredentialRules.displayName) ?? String(email.split(separator: "@")[0])
        let database = storage.database()
        if try await users.model(email: email, on: database) != nil {
            throw APIError.conflict("email_taken", "an account with this e-mail already exists")
        }
        let hash = try await hasher.hash(password)
        do {
            return try await database.transaction { database in
                let user = UserModel(email: email, passwordHash: hash, displayName: name, role: role, now: now())
                try await user.create(on: database)
                _ = try await accounts.open(userID: user.id!, on: database)
                let snapshot = UserSnapshot(user)
                try await audit.record(on: database, actor: actor, area: "users", action: "create",
                                       target: "user:\(user.id!.uuidString.lowercased())", before: nil, after: UserDTO(snapshot))
                return snapshot
            }
        } catch let error as any DatabaseError where error.isConstraintFailure {
            // Two registrations raced past the check above; the unique index decided.
            throw APIError.conflict("email_taken", "an account with this e-mail already exists")
        }
    }

}
