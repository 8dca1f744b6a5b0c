import Foundation

/// A user as the API shows it; never the password hash.
struct UserDTO: Codable, Sendable, Equatable {
    let id: String
    let email: String
    let displayName: String
    let role: String
    let disabled: Bool
    let createdAt: Date

    enum CodingKeys: String, CodingKey {
        case id, email, displayName = "display_name", role, disabled, createdAt = "created_at"
    }

    init(_ user: UserSnapshot) {
        self.id = user.id.uuidString.lowercased()
        self.email = user.email
        self.displayName = user.displayName
        self.role = user.role.rawValue
        self.disabled = user.disabled
        self.createdAt = user.createdAt
    }
}
