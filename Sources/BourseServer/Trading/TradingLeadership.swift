import FluentPostgresDriver
import Foundation
import Logging
import NIOPosix
import ServiceLifecycle

/// One active trading instance per database. The books live in one process's memory, so a
/// second trading instance (a standby) must not touch them until the first is gone: each holds
/// out for a PostgreSQL session-level advisory lock on a connection of its own. PostgreSQL drops
/// the lock when the holder's connection ends — including when the process is killed — and the
/// standby, blocked in `pg_advisory_lock`, gets it, rebuilds the books from the database and
/// starts serving. (Advisory locks belong to one database, so clusters on other databases of
/// the same server do not interfere.)
final class TradingLeadership: Sendable {
    /// "Bourse" in ASCII: any fixed key, the same for every instance.
    static let lockKey: Int64 = 0x426F_7572_7365
    let connection: PostgresConnection

    private init(connection: PostgresConnection) {
        self.connection = connection
    }

    /// Returns once this process holds the lock; waits (as the standby) while another does.
    static func acquire(url: String, logger: Logger) async throws -> TradingLeadership {
        let configuration = try SQLPostgresConfiguration(url: url)
        let connection = try await PostgresConnection.connect(
            on: MultiThreadedEventLoopGroup.singleton.next(), configuration: configuration.coreConfiguration, id: 0, logger: logger
        ).get()
        do {
            if try await !query(connection, "SELECT pg_try_advisory_lock(\(lockKey))", logger: logger) {
                logger.notice("standby: another trading instance is active; waiting to take over")
                _ = try await query(connection, "SELECT pg_advisory_lock(\(lockKey)) IS NOT NULL", logger: logger)
                logger.notice("standby: the active trading instance is gone; taking over")
            }
        } catch {
            try? await connection.close()
            throw error
        }
        return TradingLeadership(connection: connection)
    }

    private static func query(_ connection: PostgresConnection, _ query: PostgresQuery, logger: Logger) async throws -> Bool {
        var result = false
        for try await value in try await connection.query(query, logger: logger).decode(Bool.self) { result = value }
        return result
    }

    /// Whether the connection (and so the lock) is still there.
    func check(logger: Logger) async -> Bool {
        guard !connection.isClosed else { return false }
        return (try? await Self.query(connection, "SELECT true", logger: logger)) == true
    }

    func release() async {
        try? await connection.close()
    }
}

/// Holds the trading lock while the process runs. Losing it (the database connection broke)
/// means a standby may already be taking over: this process stops at once rather than write
/// beside it — its acknowledged orders are already durable.
struct TradingLeadershipService: Service {
    let leadership: TradingLeadership
    let logger: Logger
    var interval: Duration = .seconds(2)

    func run() async throws {
        await cancelWhenGracefulShutdown {
            while !Task.isCancelled {
                try? await Task.sleep(for: interval)
                if Task.isCancelled { break }
                if await !leadership.check(logger: logger) {
                    logger.critical("lost the trading lock (the database connection ended); stopping so that the standby can take over")
                    exit(75)
                }
            }
        }
        await leadership.release()
    }
}
