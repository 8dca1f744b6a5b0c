import FluentKit
import Foundation

/// Reads and writes `users`: the one owner of that table.
struct UserDirectory: Sendable {
    let storage: Storage

    func find(id: UUID) async throws -> UserSnapshot? {
        try await UserModel.find(id, on: storage.database()).map(UserSnapshot.init)
    }

    func model(id: UUID, on database: any Database) async throws -> UserModel? {
        try await UserModel.find(id, on: database)
    }

    func model(email: String, on database: any Database) async throws -> UserModel? {
        try await UserModel.query(on: database).filter(\.$email == email).first()
    }

    func list(limit: Int, offset: Int, role: UserRole?) async throws -> (users: [UserSnapshot], total: Int) {
        let database = storage.database()
        var query = UserModel.query(on: database)
        if let role { query = query.filter(\.$role == role.rawValue) }
        let total = try await query.count()
        let users = try await query.copy().sort(\.$createdAt).sort(\.$email).range(offset..<(offset + limit)).all()
        return (users.map(UserSnapshot.init), total)
    }

    func adminExists() async throws -> Bool {
        try await UserModel.query(on: storage.database()).filter(\.$role == UserRole.admin.rawValue).count() > 0
    }
}
