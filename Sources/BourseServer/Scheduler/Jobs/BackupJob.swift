import Foundation
import Logging
import Scheduling
import SQLKit

/// `database_backup` (03:00): an online copy of the database into `<data dir>/backups`, keeping
/// the newest `retention` copies. SQLite uses `VACUUM INTO` (a consistent snapshot while the
/// server runs); PostgreSQL uses `pg_dump` in its custom format.
struct BackupJob {
    let storage: Storage
    let directory: String
    let retention: Int
    let now: @Sendable () -> Date

    func run(_ context: JobContext) async throws {
        let path = try await Backup.create(storage: storage, directory: directory, at: now())
        let removed = try Backup.prune(directory: directory, keep: retention)
        context.logger.info("database backed up", metadata: ["file": "\(path)", "pruned": "\(removed)"])
    }
}

/// Creating, pruning and restoring backups; shared by the job and `bourse backup|restore`.
public enum Backup {
    static func stamp(_ date: Date) -> String {
        let formatter = DateFormatter()
        formatter.locale = Locale(identifier: "en_US_POSIX")
        formatter.timeZone = TimeZone(identifier: "UTC")
        formatter.dateFormat = "yyyyMMdd-HHmmss"
        return formatter.string(from: date)
    }

    /// Writes a backup and returns its path.
    static func create(storage: Storage, directory: String, at date: Date) async throws -> String {
        try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true, attributes: [.posixPermissions: 0o700])
        // Written under a `.partial` name and renamed when complete, so a backup that is listed
        // (by an operator, by `restore`, by the retention) is always a whole one.
        let path: String
        switch storage.location {
        case .sqlite:
            path = "\(directory)/bourse-\(stamp(date)).sqlite"
            try await storage.sql().raw("VACUUM INTO \(bind: path + ".partial")").run()
        case .postgres(let url):
            path = "\(directory)/bourse-\(stamp(date)).dump"
            try run(tool: "pg_dump", arguments: ["--format=custom", "--no-owner", "--file=\(path).partial", "--dbname=\(url.replacingOccurrences(of: "?sslmode=disable", with: ""))"])
        }
        guard rename(path + ".partial", path) == 0 else {
            try? FileManager.default.removeItem(atPath: path + ".partial")
            throw APIError(.internalServerError, code: "backup_failed", reason: "could not move the finished backup into place")
        }
        return path
    }

    /// Deletes all but the newest `keep` backups; returns how many were deleted.
    static func prune(directory: String, keep: Int) throws -> Int {
        let files = try FileManager.default.contentsOfDirectory(atPath: directory)
            .filter { $0.hasPrefix("bourse-") && ($0.hasSuffix(".sqlite") || $0.hasSuffix(".dump")) }
            .sorted(by: >)
        for file in files.dropFirst(keep) { try FileManager.default.removeItem(atPath: "\(directory)/\(file)") }
        return max(0, files.count - keep)
    }

    /// Public entry for `bourse backup`.
    public static func create(location: StorageLocation, directory: String, logger: Logger) async throws -> String {
        let storage = try Storage(location: location, logger: logger)
        do {
            let path = try await create(storage: storage, directory: directory, at: Date())
            await storage.shutdown()
            return path
        } catch {
            await storage.shutdown()
            throw error
        }
    }

    /// `bourse restore`: puts a backup in place of the database. The server must be stopped.
    public static func restore(file: String, location: StorageLocation) throws {
        guard FileManager.default.fileExists(atPath: file) else { throw ConfigurationError("no backup at \(file)") }
        switch location {
        case .sqlite(let path):
            let manager = FileManager.default
            for suffix in ["", "-wal", "-shm"] where manager.fileExists(atPath: path + suffix) {
                try manager.removeItem(atPath: path + suffix)
            }
            try manager.copyItem(atPath: file, toPath: path)
        case .postgres(let url):
            try run(tool: "pg_restore", arguments: ["--clean", "--if-exists", "--no-owner", "--dbname=\(url.replacingOccurrences(of: "?sslmode=disable", with: ""))", file])
        }
    }

    static func run(tool: String, arguments: [String]) throws {
        let candidates = ["/usr/lib/postgresql/15/bin/\(tool)", "/usr/bin/\(tool)"]
        guard let executable = candidates.first(where: FileManager.default.isExecutableFile) else {
            throw ConfigurationError("\(tool) is not installed (apt-get install postgresql-client-15)")
        }
        let process = Process()
        process.executableURL = URL(fileURLWithPath: executable)
        process.arguments = arguments
        let errors = Pipe()
        process.standardError = errors
        try process.run()
        process.waitUntilExit()
        guard process.terminationStatus == 0 else {
            let message = String(decoding: errors.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
            throw ConfigurationError("\(tool) failed: \(message.prefix(500))")
        }
    }
}
