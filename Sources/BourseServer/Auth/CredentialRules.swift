/// What makes an e-mail, a password and a display name acceptable.
///
/// Passwords follow NIST SP 800-63B rather than composition rules: long enough, not a
/// well-known password, not built from the e-mail, and at most 72 bytes because bcrypt
/// silently ignores the rest.
enum CredentialRules {
    static let maxEmailLength = 254
    static let minPasswordLength = 10
    static let maxPasswordBytes = 72
    static let maxDisplayNameLength = 64

    static let commonPasswords: Set<String> = [
        "password", "password1", "password12", "password123", "password1234", "1234567890", "12345678910",
        "qwertyuiop", "qwerty1234", "qwerty12345", "1q2w3e4r5t", "iloveyou12", "letmein123", "welcome123",
        "administrator", "changeme123", "abc1234567", "passw0rd123", "trustno1234", "0987654321", "1111111111",
        "aaaaaaaaaa", "football123", "baseball123", "monkey12345", "dragon12345", "sunshine123", "princess123",
    ]

    /// The normalised (lower-case) e-mail, or a 400.
    static func email(_ raw: String) throws -> String {
        let email = raw.lowercased()
        let parts = email.split(separator: "@", omittingEmptySubsequences: false)
        guard parts.count == 2, !parts[0].isEmpty, parts[1].contains("."),
              !parts[1].hasPrefix("."), !parts[1].hasSuffix("."), !parts[1].contains(".."),
              email.unicodeScalars.allSatisfy({ $0.value > 0x20 && $0.value < 0x7F && $0 != "," && $0 != "<" && $0 != ">" }),
              email.count <= maxEmailLength
        else {
            throw APIError.badRequest("invalid_email", "'email' is not a valid e-mail address")
        }
        return email
    }

    /// Refuses a weak password with a reason the user can act on.
    static func checkPassword(_ password: String, email: String) throws {
        if password.count < minPasswordLength {
            throw APIError.badRequest("weak_password", "the password must have at least \(minPasswordLength) characters")
        }
        if password.utf8.count > maxPasswordBytes {
            throw APIError.badRequest("password_too_long", "the password must be at most \(maxPasswordBytes) bytes")
        }
        let lowered = password.lowercased()
        if commonPasswords.contains(lowered) || Set(password).count < 4 {
            throw APIError.badRequest("weak_password", "the password is too common or too repetitive")
        }
        if let local = email.split(separator: "@").first, local.count >= 4, lowered.contains(local) {
            throw APIError.badRequest("weak_password", "the password must not contain the e-mail address")
        }
    }

    /// A display name without control characters, or a 400.
    static func displayName(_ raw: String) throws -> String {
        let trimmed = raw.trimmingCharacters(in: .whitespaces)
        guard !trimmed.isEmpty else { throw APIError.badRequest("invalid_display_name", "'display_name' must not be empty") }
        guard trimmed.unicodeScalars.allSatisfy({ !($0.properties.generalCategory == .control) }) else {
            throw APIError.badRequest("invalid_display_name", "'display_name' must not contain control characters")
        }
        return trimmed
    }
}

import Foundation
