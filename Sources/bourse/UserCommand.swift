import ArgumentParser
import BourseServer
import Foundation

/// `bourse user …`: manage accounts from the shell.
struct UserCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "user", abstract: "Manage users.", subcommands: [Create.self])

    /// `bourse user create`.
    struct Create: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Create a user with a funded paper account.",
            discussion: "Without --password the password is read from standard input (one line), so it stays out of the shell history."
        )

        @Option(help: "The user's e-mail.") var email: String
        @Option(help: "The password (prefer standard input).") var password: String?
        @Option(help: "The display name (default: the e-mail's local part).") var displayName: String?
        @Flag(help: "Make the user an administrator.") var admin = false
        @OptionGroup var storage: StorageOptions

        func run() async throws {
            let logger = LoggingSetup.bootstrap()
            guard let password = password ?? readLine(strippingNewline: true), !password.isEmpty else {
                throw ValidationError("no password: pass --password or write it on standard input")
            }
            let location = ConfigurationResolver().storage(storage.input).storage
            do {
                let id = try await Provisioning.createUser(location, email: email, password: password, displayName: displayName,
                                                           admin: admin, logger: logger)
                print("Created \(admin ? "admin" : "trader") \(email.lowercased()) (id \(id.uuidString.lowercased())).")
            } catch let error as any CustomStringConvertible where !(error is ValidationError) {
                throw ValidationError(error.description)
            }
        }
    }
}
