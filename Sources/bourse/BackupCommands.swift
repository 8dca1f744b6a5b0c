import ArgumentParser
import BourseServer

/// `bourse backup`: an online copy of the database into `<data dir>/backups`.
struct BackupCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "backup", abstract: "Back up the database (safe while the server runs).")

    @OptionGroup var storage: StorageOptions
    @Option(help: "Folder for the backup (default: <data dir>/backups).") var output: String?

    func run() async throws {
        let logger = LoggingSetup.bootstrap()
        let resolved = ConfigurationResolver().storage(storage.input)
        let path = try await Backup.create(location: resolved.storage, directory: output ?? resolved.dataDirectory + "/backups", logger: logger)
        print("Backup written to \(path)")
    }
}

/// `bourse restore FILE`: replaces the database with a backup. Stop the server first.
struct RestoreCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "restore", abstract: "Restore the database from a backup file (stop the server first).")

    @Argument(help: "A file written by `bourse backup` or the database_backup job.") var file: String
    @OptionGroup var storage: StorageOptions

    func run() async throws {
        _ = LoggingSetup.bootstrap()
        let resolved = ConfigurationResolver().storage(storage.input)
        do {
            try Backup.restore(file: file, location: resolved.storage)
        } catch let error as ConfigurationError {
            throw ValidationError(error.description)
        }
        print("Restored \(file).")
    }
}
