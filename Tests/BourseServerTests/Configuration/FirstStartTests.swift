@testable import BourseServer
import Foundation
import HummingbirdTesting
import Logging
import Testing

@Suite("First start")
struct FirstStartTests {
    @Test("the first start creates one admin with a random password, printed once on one line")
    func adminCreatedOnce() async throws {
        let database = try await TestDatabase.make()
        let configuration = ServerConfiguration(port: 0, dataDirectory: database.directory, storage: database.location,
                                                jwtSecret: TestApp.secret, passwordHashCost: 4)
        let first = Announcements()
        let app = try await buildApplication(configuration: configuration, logger: Logger(label: "test"),
                                             dependencies: .init(now: { Date() }, announce: { first.append($0) }))
        let password = try #require(first.adminPassword)
        #expect(password.count >= 16)
        let line = try #require(first.lines.first { $0.hasPrefix("Admin account:") })
        #expect(line == "Admin account: admin@bourse.local  password: \(password)")
        try await app.test(.router) { client in
            let tokens = try await client.login("admin@bourse.local", password: password)
            let me = try await client.send(.get, "/api/auth/me", token: tokens.access)
            #expect(me.string("role") == "admin")
        }
        // A second start on the same database creates nothing and prints no password.
        let second = Announcements()
        let secondApp = try await buildApplication(configuration: configuration, logger: Logger(label: "test"),
                                                   dependencies: .init(now: { Date() }, announce: { second.append($0) }))
        try await secondApp.test(.router) { _ in }
        #expect(second.adminPassword == nil)
        // Another fresh database gets another password.
        let other = try await TestDatabase.make()
        let third = Announcements()
        var otherConfiguration = configuration
        otherConfiguration.storage = other.location
        let thirdApp = try await buildApplication(configuration: otherConfiguration, logger: Logger(label: "test"),
                                                  dependencies: .init(now: { Date() }, announce: { third.append($0) }))
        try await thirdApp.test(.router) { _ in }
        #expect(third.adminPassword != nil && third.adminPassword != password)
        await other.destroy()
        await database.destroy()
    }
}
