import ArgumentParser
import BourseServer

/// The storage flags every subcommand that touches data shares.
struct StorageOptions: ParsableArguments {
    @Option(name: .long, help: "Folder for the SQLite database, the generated secret and backups (env DATA_DIR; default ./data).")
    var dataDir: String?

    @Option(name: .long, help: "postgres://user:pass@host:port/db for PostgreSQL (env DATABASE_URL); SQLite under --data-dir when unset.")
    var databaseURL: String?

    var input: ConfigurationInput { ConfigurationInput(dataDirectory: dataDir, databaseURL: databaseURL) }
}
