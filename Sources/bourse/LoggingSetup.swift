import Foundation
import Logging
import Monitoring

/// Structured logs (swift-log metadata) on standard error, at `LOG_LEVEL` (default info).
/// Standard output is kept for the few lines meant for the operator.
enum LoggingSetup {
    static var level: Logger.Level {
        ProcessInfo.processInfo.environment["LOG_LEVEL"].flatMap(Logger.Level.init(rawValue:)) ?? .info
    }

    static func bootstrap() -> Logger {
        let level = self.level
        LoggingSystem.bootstrap { label in
            var handler = StreamLogHandler.standardError(label: label)
            handler.logLevel = level
            return handler
        }
        return Logger(label: "bourse")
    }

    /// For `serve`: every record also goes to a collector (redacted), which the server ships to
    /// the database and the admin channel.
    static func bootstrapCollecting(service: String, instance: String) -> (Logger, LogCollector) {
        let collector = LogCollector(configuration: .init(service: service, instance: instance))
        LoggingSystem.bootstrap(collector.handlerFactory(logLevel: level, wrapping: { label in
            var handler = StreamLogHandler.standardError(label: label)
            handler.logLevel = level
            return handler
        }))
        return (Logger(label: "bourse"), collector)
    }
}
