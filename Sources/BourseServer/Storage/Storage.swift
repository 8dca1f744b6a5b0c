import FluentKit
import FluentPostgresDriver
import FluentSQLiteDriver
import Foundation
import Logging
import NIOCore
import NIOPosix
import SQLKit

/// Owns the database connections of one process: FluentKit over SQLite (embedded) or
/// PostgreSQL (services), behind the same `Database` so that every area has one implementation.
public final class Storage: Sendable {
    public let location: StorageLocation
    let databases: Databases
    let eventLoopGroup: any EventLoopGroup
    /// SQLite allows one writer: pinning every query to one event loop keeps to a single
    /// connection and turns "database is locked" into orderly queueing.
    private let pinnedLoop: (any EventLoop)?
    let logger: Logger

    public init(location: StorageLocation, logger: Logger) throws {
        self.location = location
        self.logger = logger
        let group = MultiThreadedEventLoopGroup.singleton
        self.eventLoopGroup = group
        self.databases = Databases(threadPool: NIOThreadPool.singleton, on: group)
        switch location {
        case .sqlite(let path):
            let directory = (path as NSString).deletingLastPathComponent
            if !directory.isEmpty {
                try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true, attributes: [.posixPermissions: 0o700])
            }
            databases.use(.sqlite(.file(path), sqlLogLevel: .trace), as: .sqlite)
            pinnedLoop = group.next()
        case .postgres(let url):
            do {
                var configuration = try SQLPostgresConfiguration(url: url)
                configuration.coreConfiguration.options.connectTimeout = .seconds(10)
                databases.use(.postgres(configuration: configuration, maxConnectionsPerEventLoop: 4, connectionPoolTimeout: .seconds(10), sqlLogLevel: .trace), as: .psql)
            } catch {
                throw ConfigurationError("DATABASE_URL is not a valid postgres:// URL")
            }
            pinnedLoop = nil
        }
    }

    /// Connection-level failures of the database (refused, closed, pool exhausted while it is
    /// down), as opposed to a query that the database refused.
    static func isUnavailable(_ error: any Error) -> Bool {
        if let error = error as? PSQLError {
            return [.connectionError, .serverClosedConnection, .clientClosedConnection, .uncleanShutdown, .poolClosed].contains(error.code)
        }
        if error is ConnectionPoolTimeoutError || error is ConnectionPoolError || error is NIOConnectionError { return true }
        if let error = error as? IOError { return [ECONNREFUSED, ECONNRESET, EPIPE].contains(error.errnoCode) }
        return false
    }

    /// A database handle for one unit of work.
    public func database(logger: Logger? = nil) -> any Database {
        let loop = pinnedLoop ?? eventLoopGroup.any()
        if let database = databases.database(logger: logger ?? self.logger, on: loop) { return database }
        // After shutdown. An orderly stop closes storage last, but a cancelled service group
        // (a test harness, a second signal) stops every service at once, and a job or a flush
        // may still ask for a handle: it gets one whose every query fails, not a crash.
        return Self.closed.database(logger: logger ?? self.logger, on: loop)!
    }

    /// An empty in-memory database with no tables: every query on it throws.
    private static let closed: Databases = {
        let databases = Databases(threadPool: NIOThreadPool.singleton, on: MultiThreadedEventLoopGroup.singleton)
        databases.use(.sqlite(.memory), as: .sqlite)
        return databases
    }()

    /// The same handle as SQLKit, for queries Fluent's builder cannot express.
    func sql(logger: Logger? = nil) -> any SQLDatabase {
        database(logger: logger) as! any SQLDatabase
    }

    /// Per-connection settings that must hold before the first query.
    func prepare() async throws {
        if case .sqlite = location {
            // WAL lets readers run alongside the writer and survives a crash without a torn page.
            try await sql().raw("PRAGMA journal_mode=WAL").run()
            try await sql().raw("PRAGMA synchronous=NORMAL").run()
            try await sql().raw("PRAGMA foreign_keys=ON").run()
        }
    }

    /// Applies every pending migration.
    public func migrate() async throws {
        let migrator = Migrator(databases: databases, migrations: BourseMigrations.all(), logger: logger, on: pinnedLoop ?? eventLoopGroup.any())
        try await migrator.setupIfNeeded().get()
        try await migrator.prepareBatch().get()
    }

    /// Migrations not yet applied, so a services-shape process can refuse to run on an old schema.
    public func pendingMigrations() async throws -> [String] {
        let migrator = Migrator(databases: databases, migrations: BourseMigrations.all(), logger: logger, on: pinnedLoop ?? eventLoopGroup.any())
        try await migrator.setupIfNeeded().get()
        return try await migrator.previewPrepareBatch().get().map { $0.0.name }
    }

    public func shutdown() async {
        await databases.shutdownAsync()
    }
}

extension Storage {
    /// One round trip to the database.
    func ping() async throws {
        _ = try await sql().raw("SELECT 1 AS one").all()
    }
}
