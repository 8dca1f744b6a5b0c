/// Where collected records go in batches, off the logging caller's path (the server's database).
public protocol LogSink: Sendable {
    /// Throwing leaves the batch in the collector's buffer to be retried.
    func write(_ records: [LogRecord]) async throws
}

/// A sink whose write is a closure.
public struct ClosureLogSink: LogSink {
    private let body: @Sendable ([LogRecord]) async throws -> Void

    public init(_ write: @escaping @Sendable ([LogRecord]) async throws -> Void) {
        body = write
    }

    public func write(_ records: [LogRecord]) async throws {
        try await body(records)
    }
}
