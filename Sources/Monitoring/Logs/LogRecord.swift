import Foundation
import Logging

/// One structured log line, as kept in the ring, written to the database and served by the API.
public struct LogRecord: Codable, Equatable, Sendable {
    public var timestamp: Date
    public var level: Logger.Level
    /// The role that logged it (backend, trading, …), so records from several processes can be told apart.
    public var service: String
    public var instance: String
    /// The `Logger`'s label.
    public var label: String
    public var message: String
    /// Flattened and redacted: values are strings, secrets are `[redacted]`.
    public var metadata: [String: String]
    /// The module that logged it.
    public var source: String

    public init(
        timestamp: Date, level: Logger.Level, service: String, instance: String,
        label: String, message: String, metadata: [String: String] = [:], source: String = ""
    ) {
        self.timestamp = timestamp
        self.level = level
        self.service = service
        self.instance = instance
        self.label = label
        self.message = message
        self.metadata = metadata
        self.source = source
    }
}
