import FluentKit

struct CreateAccounts: AsyncMigration {
    func prepare(on database: any Database) async throws {
        try await database.schema(AccountModel.schema)
            .field("id", .int64, .identifier(auto: true))
            .field("user_id", .uuid, .required, .references(UserModel.schema, "id", onDelete: .cascade))
            .field("currency", .string, .required)
            .field("cash_micros", .int64, .required)
            .field("reserved_micros", .int64, .required)
            .field("starting_cash_micros", .int64, .required)
            .field("created_at", .datetime, .required)
            .field("updated_at", .datetime, .required)
            .unique(on: "user_id")
            .create()
    }

    func revert(on database: any Database) async throws {
        try await database.schema(AccountModel.schema).delete()
    }
}
