import Foundation
import Logging

/// Creates the first admin account on first start, like Grafana or Jenkins: a random password,
/// printed once, never logged, never a fixed default.
struct AdminBootstrap {
    let users: UserDirectory
    let registration: UserRegistration
    let email: String
    let announce: @Sendable (String) -> Void
    let logger: Logger

    func run() async throws {
        guard try await !users.adminExists() else { return }
        let password = Self.randomPassword()
        do {
            _ = try await registration.create(email: email, password: password, displayName: "Administrator", role: .admin, actor: .system)
        } catch let error as APIError where error.code == "email_taken" {
            // Another instance of a cluster won the race; its log shows the password.
            return
        }
        logger.notice("first start: created the admin account", metadata: ["email": "\(email)"])
        announce("Admin account: \(email)  password: \(password)")
    }

    static func randomPassword() -> String {
        let alphabet = Array("ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz23456789")
        var generator = SystemRandomNumberGenerator()
        while true {
            let candidate = String((0..<20).map { _ in alphabet.randomElement(using: &generator)! })
            if (try? CredentialRules.checkPassword(candidate, email: "admin@bourse.local")) != nil { return candidate }
        }
    }
}
