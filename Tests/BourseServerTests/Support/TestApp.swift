@testable import BourseServer
import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import Logging
import Monitoring
import NIOCore
import Realtime

/// One application under test, on its own database, with a hand-moved clock.
struct TestApp {
    static let secret = Array("test-secret-0123456789-abcdefghijklmnopqrstuvwxyz-0123456789-ABCD".utf8)

    let clock: TestClock
    let announcements: Announcements
    let database: TestDatabase
    /// The app's bus, to observe what it publishes.
    let bus: InProcessBus

    /// Opens the test's database directly (to check rows behind the API), always closing it.
    func withStorage<T>(_ body: (Storage) async throws -> T) async throws -> T {
        let storage = try Storage(location: database.location, logger: Logger(label: "test.storage"))
        do {
            let result = try await body(storage)
            await storage.shutdown()
            return result
        } catch {
            await storage.shutdown()
            throw error
        }
    }

    /// Builds an app for `body`, runs it under `setup` (`.router` by default) and cleans up.
    static func run<T>(
        _ setup: TestingSetup = .router,
        database existing: TestDatabase? = nil,
        configure: (inout ServerConfiguration) -> Void = { _ in },
        logCollector: LogCollector? = nil,
        _ body: @escaping @Sendable (any TestClientProtocol, TestApp) async throws -> T
    ) async throws -> T {
        let database: TestDatabase
        if let existing { database = existing } else { database = try await TestDatabase.make() }
        let clock = TestClock()
        let announcements = Announcements()
        var configuration = ServerConfiguration(
            role: .all, port: 0, dataDirectory: database.directory, storage: database.location, jwtSecret: secret,
            passwordHashCost: 4,
            market: MarketSettings(stepMilliseconds: 20, speed: 10, seed: 42)
        )
        configuration.marketRefreshSeconds = 1
        configure(&configuration)
        var logger = Logger(label: "test")
        logger.logLevel = ProcessInfo.processInfo.environment["TEST_LOG_LEVEL"].flatMap(Logger.Level.init(rawValue:)) ?? .warning
        let bus = InProcessBus()
        let fixture = TestApp(clock: clock, announcements: announcements, database: database, bus: bus)
        // A database handed in belongs to the caller, who destroys it.
        let owned = existing == nil
        do {
            // With a Redis URL the app builds its own RedisBus (the services shape); otherwise the
            // test observes the in-process bus it hands in.
            let app = try await buildApplication(
                configuration: configuration, logger: logger,
                dependencies: AppDependencies(now: { clock.now }, announce: { announcements.append($0) }, logCollector: logCollector),
                bus: configuration.redisURL == nil ? bus : nil)
            let result = try await app.test(setup) { client in try await body(client, fixture) }
            if owned { await database.destroy() }
            return result
        } catch {
            if owned { await database.destroy() }
            throw error
        }
    }
}

/// Polls `condition` every 20 ms for up to `seconds`; false if it never held.
func eventually(seconds: Double = 30, _ condition: () async throws -> Bool) async throws -> Bool {
    let deadline = ContinuousClock.now + .milliseconds(Int(seconds * 1000))
    while ContinuousClock.now < deadline {
        if try await condition() { return true }
        try await Task.sleep(for: .milliseconds(20))
    }
    return try await condition()
}

/// A parsed JSON response.
struct JSONResult: @unchecked Sendable {
    let status: HTTPResponse.Status
    let headers: HTTPFields
    let json: Any?
    let text: String

    var object: [String: Any] { json as? [String: Any] ?? [:] }
    var array: [[String: Any]] { json as? [[String: Any]] ?? [] }
    subscript(_ key: String) -> Any? { object[key] }
    func string(_ key: String) -> String? { object[key] as? String }
    /// The contract's error code, when this is an error.
    var code: String? { (object["error"] as? Bool) == true ? object["code"] as? String : nil }
}

extension TestClientProtocol {
    /// Sends a request with a raw body and parses the JSON answer.
    func send(_ method: HTTPRequest.Method, _ uri: String, raw: String? = nil, token: String? = nil,
              headers extra: HTTPFields = [:]) async throws -> JSONResult {
        var headers = extra
        if raw != nil { headers[.contentType] = "application/json" }
        if let token { headers[.authorization] = "Bearer \(token)" }
        return try await execute(uri: uri, method: method, headers: headers, body: raw.map { ByteBuffer(string: $0) }) { response in
            let text = String(buffer: response.body)
            let json = text.isEmpty ? nil : try? JSONSerialization.jsonObject(with: Data(text.utf8), options: [.fragmentsAllowed])
            return JSONResult(status: response.status, headers: response.headers, json: json, text: text)
        }
    }

    /// Sends a JSON object body.
    func send(_ method: HTTPRequest.Method, _ uri: String, json: [String: Any], token: String? = nil) async throws -> JSONResult {
        let data = try JSONSerialization.data(withJSONObject: json)
        return try await send(method, uri, raw: String(decoding: data, as: UTF8.self), token: token)
    }

    /// Registers a trader and returns its id.
    @discardableResult
    func register(_ email: String, password: String = "correct horse battery", displayName: String? = nil) async throws -> String {
        var body: [String: Any] = ["email": email, "password": password]
        if let displayName { body["display_name"] = displayName }
        let result = try await send(.post, "/api/auth/register", json: body)
        guard result.status == .created, let id = result.string("id") else {
            throw TestFailure("registration of \(email) failed: \(result.status) \(result.text)")
        }
        return id
    }

    /// Logs in and returns the token pair.
    func login(_ email: String, password: String = "correct horse battery") async throws -> (access: String, refresh: String) {
        let result = try await send(.post, "/api/auth/login", json: ["email": email, "password": password])
        guard result.status == .ok, let access = result.string("access_token"), let refresh = result.string("refresh_token") else {
            throw TestFailure("login of \(email) failed: \(result.status) \(result.text)")
        }
        return (access, refresh)
    }

    /// Registers and logs in a trader.
    func trader(_ email: String) async throws -> (id: String, access: String, refresh: String) {
        let id = try await register(email)
        let tokens = try await login(email)
        return (id, tokens.access, tokens.refresh)
    }

    /// Logs in as the first-start admin.
    func admin(_ fixture: TestApp) async throws -> String {
        guard let password = fixture.announcements.adminPassword else { throw TestFailure("no admin password was announced") }
        return try await login("admin@bourse.local", password: password).access
    }
}

/// A failed precondition inside a test helper.
struct TestFailure: Error, CustomStringConvertible {
    let description: String
    init(_ description: String) { self.description = description }
}
