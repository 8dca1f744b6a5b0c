import FluentKit
import Foundation
import Logging
import SQLKit

/// Registration, login and the refresh-token rotation of the contract.
///
/// Refresh tokens rotate: each use marks the token used and issues its successor in the same
/// family. Presenting a used token again means it was stolen or replayed, so the whole family
/// is revoked and the legitimate holder must log in again (OAuth 2.0 Security BCP, 4.14).
struct AuthService: Sendable {
    let storage: Storage
    let users: UserDirectory
    let tokens: TokenService
    let hasher: PasswordHasher
    let throttle: LoginThrottle
    let refreshLifetime: TimeInterval
    /// A hash of a random string at the configured cost, verified against for unknown e-mails
    /// so that response time does not reveal which addresses have accounts.
    let dummyHash: String
    let now: @Sendable () -> Date

    /// Checks credentials (throttled) and issues a token pair.
    func login(email rawEmail: String, password: String, clientAddress: String) async throws -> TokenPair {
        let email = rawEmail.lowercased()
        if let wait = await throttle.retryAfter(account: email, address: clientAddress) {
            throw APIError.tooManyRequests(retryAfterSeconds: wait, reason: "too many failed logins; try again in \(wait) seconds")
        }
        let database = storage.database()
        let user = try await users.model(email: email, on: database)
        let valid = try await hasher.verify(password, hash: user?.passwordHash ?? dummyHash)
        guard let user, valid else {
            await throttle.recordFailure(account: email, address: clientAddress)
            throw APIError.unauthorized("invalid_credentials", "the e-mail or password is wrong")
        }
        await throttle.recordSuccess(account: email)
        guard !user.disabled else { throw APIError.forbidden("account_disabled", "this account is disabled") }
        return try await issue(for: user, family: UUID(), on: database)
    }

    /// Exchanges a refresh token for a new pair, detecting reuse.
    func refresh(token: String) async throws -> TokenPair {
        let hash = TokenService.hashRefreshToken(token)
        let database = storage.database()
        guard let stored = try await RefreshTokenModel.query(on: database).filter(\.$tokenHash == hash).first() else {
            throw APIError.unauthorized("invalid_refresh_token", "the refresh token is not valid")
        }
        if stored.revokedAt != nil {
            throw APIError.unauthorized("invalid_refresh_token", "the refresh token has been revoked")
        }
        if stored.usedAt != nil {
            try await revokeFamily(stored.familyID, on: database)
            throw APIError.unauthorized("refresh_token_reused", "this refresh token was already used; every session of this login has been revoked")
        }
        guard stored.expiresAt > now() else {
            throw APIError.unauthorized("refresh_token_expired", "the refresh token has expired; log in again")
        }
        guard let user = try await users.model(id: stored.userID, on: database), !user.disabled else {
            throw APIError.unauthorized("invalid_refresh_token", "the refresh token's user cannot log in")
        }
        return try await database.transaction { database in
            // Claim the token atomically: of two concurrent refreshes only one wins the row.
            let sql = database as! any SQLDatabase
            let claimed = try await sql.raw("""
                UPDATE refresh_tokens SET used_at = \(bind: now())
                WHERE id = \(bind: stored.id!) AND used_at IS NULL AND revoked_at IS NULL RETURNING id
                """).all()
            guard !claimed.isEmpty else {
                throw APIError.unauthorized("refresh_token_reused", "this refresh token was already used")
            }
            return try await issue(for: user, family: stored.familyID, on: database)
        }
    }

    /// Revokes the family of a refresh token. Unknown tokens are ignored: logout is idempotent.
    func logout(token: String) async throws {
        let database = storage.database()
        let hash = TokenService.hashRefreshToken(token)
        if let stored = try await RefreshTokenModel.query(on: database).filter(\.$tokenHash == hash).first() {
            try await revokeFamily(stored.familyID, on: database)
        }
    }

    /// Revokes every refresh token of a user (on disable).
    func revokeAll(userID: UUID, on database: any Database) async throws {
        try await RefreshTokenModel.query(on: database)
            .filter(\.$userID == userID).filter(\.$revokedAt == nil)
            .set(\.$revokedAt, to: now()).update()
    }

    private func revokeFamily(_ family: UUID, on database: any Database) async throws {
        try await RefreshTokenModel.query(on: database)
            .filter(\.$familyID == family).filter(\.$revokedAt == nil)
            .set(\.$revokedAt, to: now()).update()
    }

    private func issue(for user: UserModel, family: UUID, on database: any Database) async throws -> TokenPair {
        let refresh = TokenService.makeRefreshToken()
        let model = RefreshTokenModel(userID: user.id!, familyID: family, tokenHash: TokenService.hashRefreshToken(refresh),
                                      expiresAt: now().addingTimeInterval(refreshLifetime), now: now())
        try await model.create(on: database)
        let access = try await tokens.accessToken(userID: user.id!, role: user.userRole)
        return TokenPair(accessToken: access, refreshToken: refresh, tokenType: "bearer", expiresIn: Int(tokens.accessLifetime))
    }
}

/// The login/refresh response of the contract.
struct TokenPair: Codable, Sendable {
    let accessToken: String
    let refreshToken: String
    let tokenType: String
    let expiresIn: Int

    enum CodingKeys: String, CodingKey {
        case accessToken = "access_token", refreshToken = "refresh_token", tokenType = "token_type", expiresIn = "expires_in"
    }
}
