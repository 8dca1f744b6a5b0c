import ArgumentParser

/// `bourse`: one executable, every shape (DESIGN.md).
@main
struct Bourse: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "bourse",
        abstract: "Bourse: a simulated exchange and paper-trading platform.",
        subcommands: [Serve.self, Migrate.self, UserCommand.self, BackupCommand.self, RestoreCommand.self],
        defaultSubcommand: Serve.self
    )
}
