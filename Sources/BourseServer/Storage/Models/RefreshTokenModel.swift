import FluentKit
import Foundation

/// One refresh token of a rotation family; only its SHA-256 is stored, so a leaked database
/// does not leak usable tokens.
final class RefreshTokenModel: Model, @unchecked Sendable {
    static let schema = "refresh_tokens"

    @ID(key: .id) var id: UUID?
    @Field(key: "user_id") var userID: UUID
    @Field(key: "family_id") var familyID: UUID
    @Field(key: "token_hash") var tokenHash: String
    @Field(key: "expires_at") var expiresAt: Date
    @Field(key: "created_at") var createdAt: Date
    @OptionalField(key: "used_at") var usedAt: Date?
    @OptionalField(key: "revoked_at") var revokedAt: Date?

    init() {}

    init(userID: UUID, familyID: UUID, tokenHash: String, expiresAt: Date, now: Date) {
        self.id = UUID()
        self.userID = userID
        self.familyID = familyID
        self.tokenHash = tokenHash
        self.expiresAt = expiresAt
        self.createdAt = now
    }
}
