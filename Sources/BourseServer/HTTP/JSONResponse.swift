import Foundation
import HTTPTypes
import Hummingbird

/// Encodes response bodies the same way everywhere: snake_case keys come from each DTO's
/// own `CodingKeys`, dates are RFC 3339 in UTC with fractional seconds.
enum JSONResponse {
    static let encoder: JSONEncoder = {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        encoder.dateEncodingStrategy = .custom { date, encoder in
            var container = encoder.singleValueContainer()
            try container.encode(Timestamp.string(date))
        }
        return encoder
    }()

    /// Reads what `encoder` wrote (another Bourse process's answer).
    static let decoder: JSONDecoder = {
        let decoder = JSONDecoder()
        decoder.dateDecodingStrategy = .custom { decoder in
            let container = try decoder.singleValueContainer()
            let text = try container.decode(String.self)
            guard let date = Timestamp.date(text) else {
                throw DecodingError.dataCorruptedError(in: container, debugDescription: "not an RFC 3339 UTC timestamp: \(text)")
            }
            return date
        }
        return decoder
    }()

    static func make(_ value: some Encodable, status: HTTPResponse.Status = .ok) throws -> Response {
        let data = try encoder.encode(value)
        var headers = HTTPFields()
        headers[.contentType] = "application/json; charset=utf-8"
        return Response(status: status, headers: headers, body: .init(byteBuffer: ByteBuffer(bytes: data)))
    }
}

/// RFC 3339 timestamps in UTC with microseconds, as the contract asks.
enum Timestamp {
    static func string(_ date: Date) -> String {
        let seconds = date.timeIntervalSince1970
        var whole = seconds.rounded(.down)
        var micros = Int(((seconds - whole) * 1_000_000).rounded())
        if micros >= 1_000_000 { micros -= 1_000_000; whole += 1 }
        let time = time_t(whole)
        var parts = tm()
        var t = time
        gmtime_r(&t, &parts)
        return String(
            format: "%04d-%02d-%02dT%02d:%02d:%02d.%06dZ",
            Int(parts.tm_year) + 1900, Int(parts.tm_mon) + 1, Int(parts.tm_mday),
            Int(parts.tm_hour), Int(parts.tm_min), Int(parts.tm_sec), micros
        )
    }

    /// Parses `string`'s form (`2026-11-25T19:27:56.123456Z`; the fraction is optional).
    static func date(_ text: String) -> Date? {
        guard text.hasSuffix("Z") else { return nil }
        let body = text.dropLast()
        let parts = body.split(separator: ".", maxSplits: 1)
        guard let whole = try? Date.ISO8601FormatStyle().parse(String(parts[0]) + "Z") else { return nil }
        guard parts.count == 2 else { return whole }
        guard !parts[1].isEmpty, parts[1].allSatisfy(\.isNumber), let fraction = Double("0." + parts[1]) else { return nil }
        return whole.addingTimeInterval(fraction)
    }
}
