import Foundation
import Logging

/// A validated search over log records: service, minimum level, text, time range and limit.
///
/// The server runs the same query against the database; `apply(to:)` is the reference
/// semantics, used for the in-memory ring and in tests.
public struct LogQuery: Equatable, Sendable {
    public static let defaultLimit = 100
    public static let maxLimit = 1_000

    public var service: String?
    /// Records at this level or more severe (`warning` also finds `error` and `critical`).
    public var minimumLevel: Logger.Level?
    /// Case-insensitive substring of the message, the label or a metadata value.
    public var text: String?
    /// Inclusive lower bound.
    public var since: Date?
    /// Exclusive upper bound, so that consecutive windows never return a record twice.
    public var until: Date?
    public var limit: Int

    public init(
        service: String? = nil, minimumLevel: Logger.Level? = nil, text: String? = nil,
        since: Date? = nil, until: Date? = nil, limit: Int = LogQuery.defaultLimit
    ) throws(LogQueryError) {
        if let since, let until, since > until { throw .badRange(since: since, until: until) }
        guard limit > 0 else { throw .badLimit(String(limit)) }
        guard limit <= Self.maxLimit else { throw .limitOverCap(limit: limit, cap: Self.maxLimit) }
        self.service = service
        self.minimumLevel = minimumLevel
        self.text = text.flatMap { $0.isEmpty ? nil : $0 }
        self.since = since
        self.until = until
        self.limit = limit
    }

    /// No filter, the default limit.
    public init() {
        limit = Self.defaultLimit
    }

    /// Builds a query from the API's parameters (`service`, `level`, `q`, `since`, `until`,
    /// `limit`); empty values count as absent. `knownServices`, when given, rejects other names.
    public static func parse(_ parameters: [String: String], knownServices: Set<String>? = nil) throws(LogQueryError) -> LogQuery {
        func value(_ key: String) -> String? {
            parameters[key].flatMap { $0.trimmingCharacters(in: .whitespaces).isEmpty ? nil : $0 }
        }
        var level: Logger.Level?
        if let raw = value("level") {
            guard let parsed = Logger.Level(rawValue: raw.lowercased()) else { throw .unknownLevel(raw) }
            level = parsed
        }
        let service = value("service")
        if let service, let knownServices, !knownServices.contains(service) { throw .unknownService(service) }
        var limit = defaultLimit
        if let raw = value("limit") {
            guard let parsed = Int(raw), parsed > 0 else { throw .badLimit(raw) }
            limit = parsed
        }
        return try LogQuery(
            service: service, minimumLevel: level, text: value("q"),
            since: try timestamp("since", value("since")), until: try timestamp("until", value("until")),
            limit: limit
        )
    }

    /// Accepts RFC 3339 with or without fractional seconds, or Unix seconds.
    static func timestamp(_ field: String, _ raw: String?) throws(LogQueryError) -> Date? {
        guard let raw else { return nil }
        if let seconds = Double(raw) { return Date(timeIntervalSince1970: seconds) }
        if let date = try? Date(raw, strategy: .iso8601) { return date }
        if let date = try? Date(raw, strategy: Date.ISO8601FormatStyle(includingFractionalSeconds: true)) { return date }
        throw .badTimestamp(field: field, value: raw)
    }

    public func matches(_ record: LogRecord) -> Bool {
        if let service, record.service != service { return false }
        if let minimumLevel, record.level < minimumLevel { return false }
        if let since, record.timestamp < since { return false }
        if let until, record.timestamp >= until { return false }
        if let text {
            let found = record.message.range(of: text, options: .caseInsensitive) != nil
                || record.label.range(of: text, options: .caseInsensitive) != nil
                || record.metadata.values.contains { $0.range(of: text, options: .caseInsensitive) != nil }
            if !found { return false }
        }
        return true
    }

    /// The matching records, newest first, at most `limit`; records with equal timestamps keep
    /// the later-arrived first.
    public func apply(to records: some Sequence<LogRecord>) -> [LogRecord] {
        Array(
            records.enumerated()
                .filter { matches($0.element) }
                .sorted { ($0.element.timestamp, $0.offset) > ($1.element.timestamp, $1.offset) }
                .prefix(limit)
                .map(\.element)
        )
    }
}
