import Hummingbird

/// Validating access to a request's query string: a bad number or an unknown value is a 400
/// naming the parameter, never a silent default.
struct QueryParameters {
    let request: Request

    func int(_ name: String, default value: Int, range: ClosedRange<Int>) throws -> Int {
        guard let text = request.uri.queryParameters.get(name) else { return value }
        guard let parsed = Int(text), range.contains(parsed) else {
            throw APIError.badRequest("invalid_query", "'\(name)' must be a whole number from \(range.lowerBound) to \(range.upperBound)")
        }
        return parsed
    }

    func optionalInt64(_ name: String) throws -> Int64? {
        guard let text = request.uri.queryParameters.get(name) else { return nil }
        guard let parsed = Int64(text), parsed > 0 else {
            throw APIError.badRequest("invalid_query", "'\(name)' must be a positive whole number")
        }
        return parsed
    }

    /// A time as RFC 3339 or as whole seconds since the Unix epoch.
    func optionalTime(_ name: String) throws -> Date? {
        guard let text = request.uri.queryParameters.get(name) else { return nil }
        if let seconds = Int64(text), seconds >= 0 { return Date(timeIntervalSince1970: TimeInterval(seconds)) }
        guard let date = RFC3339.parse(text) else {
            throw APIError.badRequest("invalid_query", "'\(name)' must be an RFC 3339 time or epoch seconds")
        }
        return date
    }

    func optionalString(_ name: String, maxLength: Int) throws -> String? {
        guard let text = request.uri.queryParameters.get(name) else { return nil }
        guard text.count <= maxLength else { throw APIError.badRequest("invalid_query", "'\(name)' is longer than \(maxLength) characters") }
        return text
    }

    func optionalEnum<T: RawRepresentable & CaseIterable>(_ name: String, _ type: T.Type) throws -> T? where T.RawValue == String {
        guard let text = request.uri.queryParameters.get(name) else { return nil }
        guard let value = T(rawValue: text) else {
            let allowed = T.allCases.map(\.rawValue).joined(separator: ", ")
            throw APIError.badRequest("invalid_query", "'\(name)' must be one of: \(allowed)")
        }
        return value
    }
}

extension Parameters {
    /// A UUID path parameter; anything else is a 404, as no such resource can exist.
    func uuid(_ name: String) throws -> UUID {
        guard let text = self.get(name), let id = UUID(uuidString: text) else {
            throw APIError.notFound("not_found", "no resource has this id")
        }
        return id
    }
}

import Foundation
