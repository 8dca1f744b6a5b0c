import Logging

/// A swift-log handler that records every message into a `LogCollector`, optionally passing it
/// on to another handler (stderr) with the same, redacted, metadata.
public struct CollectingLogHandler: LogHandler {
    public let label: String
    /// Overrides the collector's service name for this logger, when one process hosts several roles.
    public var service: String?
    public var metadata: Logger.Metadata = [:]
    public var metadataProvider: Logger.MetadataProvider?
    public var logLevel: Logger.Level {
        didSet { wrapped?.logLevel = logLevel }
    }

    private let collector: LogCollector
    private var wrapped: (any LogHandler)?

    public init(
        label: String,
        collector: LogCollector,
        logLevel: Logger.Level = .info,
        service: String? = nil,
        metadataProvider: Logger.MetadataProvider? = LoggingSystem.metadataProvider,
        wrapping wrapped: (any LogHandler)? = nil
    ) {
        self.label = label
        self.collector = collector
        self.logLevel = logLevel
        self.service = service
        self.metadataProvider = metadataProvider
        var inner = wrapped
        inner?.logLevel = logLevel
        // Metadata reaches the inner handler already merged and redacted; its own provider
        // would add the same keys again, unredacted. Only cleared when set: handlers without
        // provider support complain when it is assigned.
        if inner?.metadataProvider != nil { inner?.metadataProvider = nil }
        self.wrapped = inner
    }

    public subscript(metadataKey key: String) -> Logger.Metadata.Value? {
        get { metadata[key] }
        set { metadata[key] = newValue }
    }

    public func log(event: LogEvent) {
        // Precedence as in swift-log's own handlers: call site over handler over provider.
        var merged = metadataProvider?.get() ?? [:]
        merged.merge(metadata) { _, handler in handler }
        if let explicit = event.metadata { merged.merge(explicit) { _, call in call } }
        if let error = event.error { merged["error"] = .string(String(describing: error)) }
        let flat = collector.configuration.redactor.redact(merged)
        collector.collect(
            level: event.level, label: label, message: event.message.description,
            metadata: flat, source: event.source, service: service
        )
        if let wrapped {
            var forwarded = event
            forwarded.error = nil
            forwarded.metadata = flat.mapValues { .string($0) }
            wrapped.log(event: forwarded)
        }
    }
}
