import FluentKit
import Foundation

/// A person or bot that can log in. Written only by the auth and admin areas.
final class UserModel: Model, @unchecked Sendable {
    static let schema = "users"

    @ID(key: .id) var id: UUID?
    @Field(key: "email") var email: String
    @Field(key: "password_hash") var passwordHash: String
    @Field(key: "display_name") var displayName: String
    @Field(key: "role") var role: String
    @Field(key: "disabled") var disabled: Bool
    @Field(key: "created_at") var createdAt: Date
    @Field(key: "updated_at") var updatedAt: Date

    init() {}

    init(id: UUID = UUID(), email: String, passwordHash: String, displayName: String, role: UserRole, now: Date) {
        self.id = id
        self.email = email
        self.passwordHash = passwordHash
        self.displayName = displayName
        self.role = role.rawValue
        self.disabled = false
        self.createdAt = now
        self.updatedAt = now
    }

    var userRole: UserRole { UserRole(rawValue: role) ?? .trader }
}

/// The two roles of the contract.
public enum UserRole: String, Sendable, Codable, CaseIterable {
    case trader
    case admin
}
