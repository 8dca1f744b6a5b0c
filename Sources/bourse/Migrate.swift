import ArgumentParser
import BourseServer

/// `bourse migrate`: bring the database schema up to date.
struct Migrate: AsyncParsableCommand {
    static let configuration = CommandConfiguration(abstract: "Apply pending database migrations.")

    @OptionGroup var storage: StorageOptions

    func run() async throws {
        let logger = LoggingSetup.bootstrap()
        let location = ConfigurationResolver().storage(storage.input).storage
        let applied = try await Provisioning.migrate(location, logger: logger)
        print(applied == 0 ? "The database is up to date." : "Applied \(applied) migrations.")
    }
}
