@testable import BourseServer
import Logging
import SQLKit

/// Runs maintenance statements (CREATE/DROP DATABASE) on the server named by a base URL.
enum PostgresAdmin {
    static func execute(_ statement: String, baseURL: String) async throws {
        let storage = try Storage(location: .postgres(url: baseURL), logger: Logger(label: "test.postgres-admin"))
        do {
            try await storage.sql().raw(SQLQueryString(statement)).run()
        } catch {
            await storage.shutdown()
            throw error
        }
        await storage.shutdown()
    }
}
