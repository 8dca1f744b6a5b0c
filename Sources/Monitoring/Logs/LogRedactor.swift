import Logging

/// Flattens swift-log metadata to strings and hides the values of keys that look secret.
public struct LogRedactor: Sendable {
    public static let placeholder = "[redacted]"
    /// Matched case-insensitively anywhere in a key, so `access_token` and `X-Authorization` are caught.
    public static let defaultSensitiveFragments = ["password", "secret", "token", "authorization"]

    public var sensitiveFragments: [String]

    public init(sensitiveFragments: [String] = LogRedactor.defaultSensitiveFragments) {
        self.sensitiveFragments = sensitiveFragments.map { $0.lowercased() }
    }

    public func isSensitive(_ key: String) -> Bool {
        let lowered = key.lowercased()
        return sensitiveFragments.contains { lowered.contains($0) }
    }

    public func redact(_ metadata: Logger.Metadata) -> [String: String] {
        var result: [String: String] = [:]
        for (key, value) in metadata {
            result[key] = isSensitive(key) ? Self.placeholder : flatten(value)
        }
        return result
    }

    /// Nested dictionaries are redacted too: a secret one level down is still a secret.
    func flatten(_ value: Logger.MetadataValue) -> String {
        switch value {
        case let .string(text):
            return text
        case let .stringConvertible(convertible):
            return convertible.description
        case let .array(values):
            return "[" + values.map(flatten).joined(separator: ", ") + "]"
        case let .dictionary(entries):
            let inner = entries.keys.sorted().map { key in
                "\(key): \(isSensitive(key) ? Self.placeholder : flatten(entries[key]!))"
            }
            return "[" + inner.joined(separator: ", ") + "]"
        }
    }
}
