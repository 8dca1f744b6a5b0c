import Foundation
import Hummingbird
import MarketCore

/// A request's JSON object with typed, validating accessors.
///
/// Reading fields through this type is what keeps bad input a 400 with a precise reason:
/// wrong types, missing fields, overlong strings and unknown fields (which is how mass
/// assignment of `role` or `cash` is refused) are all caught before any handler logic runs.
struct JSONBody: Sendable {
    /// Bodies larger than this are refused before parsing.
    static let maxBytes = 64 * 1024

    let fields: [String: JSONValue]

    init(fields: [String: JSONValue]) { self.fields = fields }

    /// Collects and parses the request body, refusing any key outside `allowed`.
    static func parse(_ request: Request, allowed: Set<String>) async throws -> JSONBody {
        var request = request
        let buffer: ByteBuffer
        do {
            buffer = try await request.collectBody(upTo: maxBytes)
        } catch {
            throw APIError(.contentTooLarge, code: "body_too_large", reason: "the request body is larger than \(maxBytes) bytes")
        }
        return try parse(bytes: Data(buffer: buffer), allowed: allowed)
    }

    static func parse(bytes: Data, allowed: Set<String>) throws -> JSONBody {
        if bytes.allSatisfy({ $0 == 0x20 || $0 == 0x0A || $0 == 0x0D || $0 == 0x09 }) {
            throw APIError.badRequest("invalid_json", "the request body must be a JSON object")
        }
        let value: JSONValue
        do {
            value = try JSONDecoder().decode(JSONValue.self, from: bytes)
        } catch {
            throw APIError.badRequest("invalid_json", "the request body is not valid JSON")
        }
        guard case .object(let fields) = value else {
            throw APIError.badRequest("invalid_json", "the request body must be a JSON object, not \(value.typeName)")
        }
        let unknown = Set(fields.keys).subtracting(allowed).sorted()
        if let first = unknown.first {
            throw APIError.badRequest("unknown_field", "field '\(first)' is not accepted here")
        }
        return JSONBody(fields: fields)
    }

    /// A required string of at most `maxLength` characters (after trimming nothing: what the
    /// client sent is what is checked).
    func string(_ key: String, maxLength: Int) throws -> String {
        guard let value = try optionalString(key, maxLength: maxLength) else {
            throw APIError.badRequest("missing_field", "field '\(key)' is required")
        }
        return value
    }

    func optionalString(_ key: String, maxLength: Int) throws -> String? {
        switch fields[key] {
        case .none, .null?: return nil
        case .string(let value)?:
            if value.count > maxLength {
                throw APIError.badRequest("field_too_long", "field '\(key)' is longer than \(maxLength) characters")
            }
            return value
        case let other?:
            throw APIError.badRequest("wrong_type", "field '\(key)' must be a string, not \(other.typeName)")
        }
    }

    func optionalBool(_ key: String) throws -> Bool? {
        switch fields[key] {
        case .none, .null?: return nil
        case .bool(let value)?: return value
        case let other?: throw APIError.badRequest("wrong_type", "field '\(key)' must be a boolean, not \(other.typeName)")
        }
    }

    /// A required amount of money as a decimal string; JSON numbers are refused because a
    /// binary float cannot carry an exact amount.
    func money(_ key: String) throws -> Money {
        switch fields[key] {
        case .none, .null?:
            throw APIError.badRequest("missing_field", "field '\(key)' is required")
        case .string(let text)?:
            if text.count > 40 { throw APIError.badRequest("field_too_long", "field '\(key)' is too long") }
            switch Money.parse(text) {
            case .success(let money): return money
            case .failure(let error): throw APIError.badRequest(error.code, "field '\(key)': \(error.reason)")
            }
        case let other?:
            throw APIError.badRequest("wrong_type", "field '\(key)' must be a decimal string such as \"100.00\", not \(other.typeName)")
        }
    }
}

extension JSONBody {
    /// An optional real number, given as a decimal string ("0.35") or a JSON number. Exponents,
    /// NaN and infinities are refused: a scenario knob is a plain finite number.
    func optionalNumber(_ key: String) throws -> Double? {
        switch fields[key] {
        case .none, .null?: return nil
        case .number(let value)?:
            guard value.isFinite else { throw APIError.badRequest("not_finite", "field '\(key)' must be a finite number") }
            return value
        case .string(let text)?:
            let allowed = text.utf8.allSatisfy { ($0 >= 48 && $0 <= 57) || $0 == 46 || $0 == 45 }
            guard allowed, text.count <= 32, let value = Double(text), value.isFinite else {
                throw APIError.badRequest("not_finite", "field '\(key)' must be a finite decimal number such as \"0.35\"")
            }
            return value
        case let other?:
            throw APIError.badRequest("wrong_type", "field '\(key)' must be a decimal string or a number, not \(other.typeName)")
        }
    }

    /// A required real number (see `optionalNumber`).
    func number(_ key: String) throws -> Double {
        guard let value = try optionalNumber(key) else { throw APIError.badRequest("missing_field", "field '\(key)' is required") }
        return value
    }

    /// An optional RFC 3339 timestamp.
    func optionalDate(_ key: String) throws -> Date? {
        guard let text = try optionalString(key, maxLength: 64) else { return nil }
        guard let date = RFC3339.parse(text) else {
            throw APIError.badRequest("invalid_time", "field '\(key)' must be an RFC 3339 time such as \"2026-01-02T03:04:05Z\"")
        }
        return date
    }
}

/// Parsing of RFC 3339 timestamps, with or without fractional seconds.
enum RFC3339 {
    static func parse(_ text: String) -> Date? {
        let withFraction = ISO8601DateFormatter()
        withFraction.formatOptions = [.withInternetDateTime, .withFractionalSeconds]
        if let date = withFraction.date(from: text) { return date }
        let plain = ISO8601DateFormatter()
        plain.formatOptions = [.withInternetDateTime]
        return plain.date(from: text)
    }
}
