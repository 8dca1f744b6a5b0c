import FluentKit
import Foundation

/// Reads and writes `users`: the one owner of that table.
struct UserDirectory: Sendable {
    let storage: Storage
    let cache = UserCache()

    func find(id: UUID) async throws -> UserSnapshot? {
        try await UserModel.find(id, on: storage.database()).map(UserSnapshot.init)
    }

    /// The user a request's token names, from `cache` when read within the last second (or
    /// longer ago while the database is unreachable).
    func current(id: UUID) async throws -> UserSnapshot? {
        let cached = cache.get(id)
        if let cached, cached.fresh { return cached.user }
        do {
            guard let user = try await find(id: id) else {
                cache.invalidate(id)
                return nil
            }
            cache.put(user)
            return user
        } catch where Storage.isUnavailable(error) {
            guard let cached else { throw error }
            return cached.user
        }
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
