import Foundation
import Logging
import Testing
@testable import Monitoring

@Suite struct LogQueryTests {
    let base = Date(timeIntervalSince1970: 1_767_225_600)

    var records: [LogRecord] {
        [
            LogRecord(timestamp: base, level: .info, service: "backend", instance: "b1", label: "http", message: "GET /api/health"),
            LogRecord(timestamp: base + 10, level: .error, service: "trading", instance: "t1", label: "book", message: "Match failed", metadata: ["symbol": "ACME"]),
            LogRecord(timestamp: base + 20, level: .warning, service: "backend", instance: "b2", label: "ws", message: "client lagging"),
            LogRecord(timestamp: base + 30, level: .debug, service: "backend", instance: "b1", label: "db", message: "query took 3 ms"),
            LogRecord(timestamp: base + 30, level: .critical, service: "trading", instance: "t1", label: "book", message: "ledger mismatch"),
        ]
    }

    @Test func newestFirstAndLaterArrivalFirstOnEqualTimes() throws {
        let found = LogQuery().apply(to: records)
        #expect(found.map(\.message) == ["ledger mismatch", "query took 3 ms", "client lagging", "Match failed", "GET /api/health"])
    }

    @Test func levelIsAMinimum() throws {
        let found = try LogQuery(minimumLevel: .warning).apply(to: records)
        #expect(found.map(\.level) == [.critical, .warning, .error])
    }

    @Test func serviceAndTextFilter() throws {
        #expect(try LogQuery(service: "trading").apply(to: records).count == 2)
        // Case-insensitive, and metadata values count.
        #expect(try LogQuery(text: "acme").apply(to: records).map(\.message) == ["Match failed"])
        #expect(try LogQuery(text: "MATCH").apply(to: records).map(\.message) == ["ledger mismatch", "Match failed"])
        #expect(try LogQuery(service: "backend", text: "match").apply(to: records).isEmpty)
    }

    @Test func sinceIsInclusiveAndUntilExclusive() throws {
        let found = try LogQuery(since: base + 10, until: base + 30).apply(to: records)
        #expect(found.map(\.message) == ["client lagging", "Match failed"])
    }

    @Test func limitKeepsTheNewest() throws {
        #expect(try LogQuery(limit: 2).apply(to: records).map(\.message) == ["ledger mismatch", "query took 3 ms"])
    }

    @Test func parsesTheAPIParameters() throws {
        let query = try LogQuery.parse([
            "service": "backend", "level": "WARNING", "q": "lag",
            "since": "2026-01-01T00:00:00Z", "until": "2026-01-01T00:01:00.500Z", "limit": "50",
        ], knownServices: ["backend", "trading"])
        #expect(query.service == "backend")
        #expect(query.minimumLevel == .warning)
        #expect(query.text == "lag")
        #expect(query.since == base)
        #expect(query.until == base + 60.5)
        #expect(query.limit == 50)
        #expect(query.apply(to: records).map(\.message) == ["client lagging"])

        let defaults = try LogQuery.parse(["service": "", "q": " ", "since": "1767225600"])
        #expect(defaults.service == nil)
        #expect(defaults.text == nil)
        #expect(defaults.since == base)
        #expect(defaults.limit == LogQuery.defaultLimit)
    }

    @Test func badParametersAreTypedErrors() {
        #expect(throws: LogQueryError.unknownLevel("verbose")) { try LogQuery.parse(["level": "verbose"]) }
        #expect(throws: LogQueryError.unknownService("mailer")) {
            try LogQuery.parse(["service": "mailer"], knownServices: ["backend"])
        }
        #expect(throws: LogQueryError.badRange(since: base + 60, until: base)) {
            try LogQuery.parse(["since": "2026-01-01T00:01:00Z", "until": "2026-01-01T00:00:00Z"])
        }
        #expect(throws: LogQueryError.limitOverCap(limit: 5000, cap: LogQuery.maxLimit)) { try LogQuery.parse(["limit": "5000"]) }
        #expect(throws: LogQueryError.badLimit("0")) { try LogQuery.parse(["limit": "0"]) }
        #expect(throws: LogQueryError.badLimit("ten")) { try LogQuery.parse(["limit": "ten"]) }
        #expect(throws: LogQueryError.badTimestamp(field: "since", value: "yesterday")) { try LogQuery.parse(["since": "yesterday"]) }
    }

    @Test func errorsReadAsReasons() {
        #expect(LogQueryError.limitOverCap(limit: 5000, cap: 1000).description == "limit 5000 is over the cap of 1000")
        #expect(LogQueryError.unknownLevel("verbose").description.contains("trace, debug, info, notice, warning, error, critical"))
    }

    @Test func recordsEncodeAndDecode() throws {
        let record = records[1]
        let data = try JSONEncoder().encode(record)
        let json = try #require(try JSONSerialization.jsonObject(with: data) as? [String: Any])
        #expect(json["level"] as? String == "error")
        #expect(try JSONDecoder().decode(LogRecord.self, from: data) == record)
    }
}
