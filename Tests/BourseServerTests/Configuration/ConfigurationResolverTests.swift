@testable import BourseServer
import Foundation
import Testing

@Suite("Configuration")
struct ConfigurationResolverTests {
    static func temporaryDirectory() -> String {
        FileManager.default.temporaryDirectory.appendingPathComponent("bourse-config-\(UUID().uuidString)").path
    }

    @Test("the embedded shape generates a secret once, stores it 0600, and reuses it")
    func generatedSecret() throws {
        let directory = Self.temporaryDirectory()
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let resolver = ConfigurationResolver(environment: [:])
        let first = try resolver.serve(ConfigurationInput(dataDirectory: directory))
        let second = try resolver.serve(ConfigurationInput(dataDirectory: directory))
        #expect(first.jwtSecret == second.jwtSecret)
        #expect(first.jwtSecret.count >= 32)
        let attributes = try FileManager.default.attributesOfItem(atPath: directory + "/jwt_secret")
        #expect((attributes[.posixPermissions] as? NSNumber)?.intValue == 0o600)
        #expect(first.storage == .sqlite(path: directory + "/bourse.sqlite"))
        #expect(first.port == 8000)
        #expect(first.role == .all)
        #expect(first.autoMigrate)
        let otherDirectory = Self.temporaryDirectory()
        defer { try? FileManager.default.removeItem(atPath: otherDirectory) }
        #expect(try resolver.serve(ConfigurationInput(dataDirectory: otherDirectory)).jwtSecret != first.jwtSecret)
    }

    @Test("flags win over environment variables, which win over defaults")
    func precedence() throws {
        let directory = Self.temporaryDirectory()
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let environment = [
            "PORT": "9000", "JWT_SECRET_KEY": String(repeating: "e", count: 40), "CORS_ORIGINS": "http://a.test, http://b.test",
            "DATA_DIR": directory, "STARTING_CASH": "5000.50",
        ]
        let resolver = ConfigurationResolver(environment: environment)
        let fromEnvironment = try resolver.serve(ConfigurationInput())
        #expect(fromEnvironment.port == 9000)
        #expect(fromEnvironment.jwtSecret == Array(String(repeating: "e", count: 40).utf8))
        #expect(fromEnvironment.corsOrigins == ["http://a.test", "http://b.test"])
        #expect(fromEnvironment.startingCash.decimalString == "5000.50")
        let fromFlags = try resolver.serve(ConfigurationInput(port: 9100, jwtSecretKey: String(repeating: "f", count: 40)))
        #expect(fromFlags.port == 9100)
        #expect(fromFlags.jwtSecret == Array(String(repeating: "f", count: 40).utf8))
    }

    @Test("the services shapes refuse to start without a secret or a PostgreSQL URL")
    func servicesNeedExplicitSettings() {
        let secret = String(repeating: "s", count: 40)
        let noSecret = ConfigurationResolver(environment: ["DATABASE_URL": "postgres://u:p@127.0.0.1/db"])
        #expect(throws: ConfigurationError.self) { try noSecret.serve(ConfigurationInput(role: "backend")) }
        #expect(throws: ConfigurationError.self) { try noSecret.serve(ConfigurationInput(role: "trading")) }
        #expect(throws: ConfigurationError.self) { try noSecret.serve(ConfigurationInput(role: "all")) }
        let noDatabase = ConfigurationResolver(environment: ["JWT_SECRET_KEY": secret])
        #expect(throws: ConfigurationError.self) { try noDatabase.serve(ConfigurationInput(role: "backend")) }
        let complete = ConfigurationResolver(environment: ["JWT_SECRET_KEY": secret, "DATABASE_URL": "postgres://u:p@127.0.0.1/db"])
        let trading = try? complete.serve(ConfigurationInput(role: "trading"))
        #expect(trading?.port == 8001)
        #expect(trading?.autoMigrate == false)
        #expect(throws: ConfigurationError.self) { try complete.serve(ConfigurationInput(role: "frontend")) }
    }

    @Test("a short secret, a bad port or bad starting cash is a start-up error")
    func invalidValues() {
        let resolver = ConfigurationResolver(environment: [:])
        let directory = Self.temporaryDirectory()
        defer { try? FileManager.default.removeItem(atPath: directory) }
        #expect(throws: ConfigurationError.self) { try resolver.serve(ConfigurationInput(dataDirectory: directory, jwtSecretKey: "short")) }
        #expect(throws: ConfigurationError.self) { try resolver.serve(ConfigurationInput(port: 70000, dataDirectory: directory)) }
        #expect(throws: ConfigurationError.self) { try resolver.serve(ConfigurationInput(dataDirectory: directory, startingCash: "-5")) }
        #expect(throws: ConfigurationError.self) {
            try ConfigurationResolver(environment: ["PORT": "eighty"]).serve(ConfigurationInput(dataDirectory: directory))
        }
    }
}
