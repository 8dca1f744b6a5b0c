import Foundation
import Logging

/// Structured logs (swift-log metadata) on standard error, at `LOG_LEVEL` (default info).
/// Standard output is kept for the few lines meant for the operator.
enum LoggingSetup {
    static func bootstrap() -> Logger {
        let level = ProcessInfo.processInfo.environment["LOG_LEVEL"].flatMap(Logger.Level.init(rawValue:)) ?? .info
        LoggingSystem.bootstrap { label in
            var handler = StreamLogHandler.standardError(label: label)
            handler.logLevel = level
            return handler
        }
        return Logger(label: "bourse")
    }
}
