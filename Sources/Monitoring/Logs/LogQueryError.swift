import Foundation
import Logging

/// Why a log search was refused; each case reads as the reason of a 400 answer.
public enum LogQueryError: Error, Equatable, Sendable, CustomStringConvertible {
    case unknownLevel(String)
    case unknownService(String)
    case badTimestamp(field: String, value: String)
    /// `since` is after `until`.
    case badRange(since: Date, until: Date)
    case badLimit(String)
    case limitOverCap(limit: Int, cap: Int)

    public var description: String {
        switch self {
        case let .unknownLevel(level):
            "unknown level \"\(level)\"; expected one of \(Logger.Level.allCases.map(\.rawValue).joined(separator: ", "))"
        case let .unknownService(service):
            "unknown service \"\(service)\""
        case let .badTimestamp(field, value):
            "\(field) \"\(value)\" is not an ISO 8601 time or Unix seconds"
        case let .badRange(since, until):
            "since (\(since.formatted(.iso8601))) is after until (\(until.formatted(.iso8601)))"
        case let .badLimit(limit):
            "limit \"\(limit)\" is not a positive integer"
        case let .limitOverCap(limit, cap):
            "limit \(limit) is over the cap of \(cap)"
        }
    }
}
