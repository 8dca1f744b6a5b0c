import Foundation
import Logging
import Monitoring
import SQLKit

/// Log records in the database: the sink of every instance's `LogCollector`, and the search
/// behind `/api/monitoring/logs`, so records from all instances are found in one place.
struct LogStore: LogSink {
    let storage: Storage

    static func severity(_ level: Logger.Level) -> Int { Logger.Level.allCases.firstIndex(of: level) ?? 0 }

    func write(_ records: [LogRecord]) async throws {
        for chunk in stride(from: 0, to: records.count, by: 100).map({ records[$0..<min($0 + 100, records.count)] }) {
            var insert = storage.sql().insert(into: "log_records")
                .columns("at", "level", "severity", "service", "instance", "label", "message", "metadata_json", "source")
            for record in chunk {
                let metadata = String(decoding: (try? JSONEncoder().encode(record.metadata)) ?? Data("{}".utf8), as: UTF8.self)
                insert = insert.values(SQLBind(record.timestamp), SQLBind(record.level.rawValue), SQLBind(Self.severity(record.level)),
                                       SQLBind(record.service), SQLBind(record.instance), SQLBind(String(record.label.prefix(200))),
                                       SQLBind(String(record.message.prefix(4000))), SQLBind(metadata), SQLBind(String(record.source.prefix(200))))
            }
            try await insert.run()
        }
    }

    func search(_ query: LogQuery) async throws -> [LogRecord] {
        var select = storage.sql().select().column("*").from("log_records")
        if let service = query.service, service != "all" { select = select.where("service", .equal, SQLBind(service)) }
        if let level = query.minimumLevel { select = select.where("severity", .greaterThanOrEqual, SQLBind(Self.severity(level))) }
        if let since = query.since { select = select.where("at", .greaterThanOrEqual, SQLBind(since)) }
        if let until = query.until { select = select.where("at", .lessThan, SQLBind(until)) }
        if let text = query.text, !text.isEmpty {
            let pattern = "%" + text.lowercased().replacingOccurrences(of: "%", with: "").replacingOccurrences(of: "_", with: "") + "%"
            // As LogQuery documents: the message, the label or the metadata.
            select = select.where { group in
                group.where(SQLFunction("LOWER", args: SQLIdentifier("message")), .like, SQLBind(pattern))
                    .orWhere(SQLFunction("LOWER", args: SQLIdentifier("label")), .like, SQLBind(pattern))
                    .orWhere(SQLFunction("LOWER", args: SQLIdentifier("metadata_json")), .like, SQLBind(pattern))
            }
        }
        return try await select.orderBy("id", .descending).limit(query.limit).all().map { row in
            LogRecord(
                timestamp: try row.decode(column: "at", as: Date.self),
                level: Logger.Level(rawValue: try row.decode(column: "level", as: String.self)) ?? .info,
                service: try row.decode(column: "service", as: String.self), instance: try row.decode(column: "instance", as: String.self),
                label: try row.decode(column: "label", as: String.self), message: try row.decode(column: "message", as: String.self),
                metadata: (try? JSONDecoder().decode([String: String].self, from: Data(try row.decode(column: "metadata_json", as: String.self).utf8))) ?? [:],
                source: try row.decode(column: "source", as: String.self))
        }
    }
}
