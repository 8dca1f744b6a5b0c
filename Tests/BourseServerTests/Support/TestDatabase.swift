@testable import BourseServer
import Foundation
import Logging

/// A throwaway database per test: a SQLite file in a temporary folder, or, when
/// `DATABASE_URL` names a PostgreSQL server, a fresh database created on it and dropped after.
struct TestDatabase {
    let location: StorageLocation
    let directory: String
    private let dropPostgres: (@Sendable () async -> Void)?

    static var postgresURL: String? {
        ProcessInfo.processInfo.environment["DATABASE_URL"].flatMap { $0.hasPrefix("postgres") ? $0 : nil }
    }

    static func make() async throws -> TestDatabase {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("bourse-test-\(UUID().uuidString)").path
        try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        guard let base = postgresURL else {
            return TestDatabase(location: .sqlite(path: directory + "/bourse.sqlite"), directory: directory, dropPostgres: nil)
        }
        let name = "bourse_t_" + UUID().uuidString.replacingOccurrences(of: "-", with: "").prefix(16).lowercased()
        try await PostgresAdmin.execute("CREATE DATABASE \(name)", baseURL: base)
        var components = URLComponents(string: base)!
        components.path = "/" + name
        let url = components.string!
        return TestDatabase(location: .postgres(url: url), directory: directory, dropPostgres: {
            try? await PostgresAdmin.execute("DROP DATABASE IF EXISTS \(name) WITH (FORCE)", baseURL: base)
        })
    }

    func destroy() async {
        await dropPostgres?()
        try? FileManager.default.removeItem(atPath: directory)
    }
}
