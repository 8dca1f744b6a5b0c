import FluentKit
import SQLKit

struct CreateLedgerEntries: AsyncMigration {
    func prepare(on database: any Database) async throws {
        try await database.schema(LedgerEntryModel.schema)
            .field("id", .int64, .identifier(auto: true))
            .field("transaction_id", .uuid, .required)
            .field("ledger_account", .string, .required)
            .field("account_id", .int64, .references(AccountModel.schema, "id", onDelete: .cascade))
            .field("kind", .string, .required)
            .field("amount_micros", .int64, .required)
            .field("balance_after_micros", .int64)
            .field("description", .string, .required)
            .field("reference", .string)
            .field("created_at", .datetime, .required)
            .create()
        if let sql = database as? any SQLDatabase {
            try await sql.create(index: "ledger_entries_account_idx").on(LedgerEntryModel.schema).column("account_id").column("id").run()
            try await sql.create(index: "ledger_entries_tx_idx").on(LedgerEntryModel.schema).column("transaction_id").run()
        }
    }

    func revert(on database: any Database) async throws {
        try await database.schema(LedgerEntryModel.schema).delete()
    }
}
