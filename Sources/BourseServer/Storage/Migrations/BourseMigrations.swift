import FluentKit

/// Every migration, in the order it was introduced. Append only: a migration that has shipped
/// is never edited, so existing databases and new ones end up with the same schema.
enum BourseMigrations {
    static func all() -> Migrations {
        let migrations = Migrations()
        migrations.add(CreateUsers())
        migrations.add(CreateRefreshTokens())
        migrations.add(CreateAccounts())
        migrations.add(CreateLedgerEntries())
        migrations.add(CreateAuditLog())
        migrations.add(CreateMarketTables())
        migrations.add(CreateTradingTables())
        migrations.add(CreateSchedulerTables())
        migrations.add(CreateLogRecords())
        migrations.add(CreateMonitoringTables())
        return migrations
    }
}
