import Foundation
import Monitoring

/// Capabilities the application is given rather than reaches for, so tests control them.
public struct AppDependencies: Sendable {
    /// The wall clock.
    public var now: @Sendable () -> Date
    /// Where one-time messages for the operator go (the first admin's password). Standard
    /// output, not the log: logs are shipped and kept, a password must not be.
    public var announce: @Sendable (String) -> Void

    /// The process's log collector (bootstrapped by the CLI), whose records go to the database
    /// for `/api/monitoring/logs` and, from warnings up, live to the admin channel.
    public var logCollector: LogCollector?

    public init(now: @escaping @Sendable () -> Date, announce: @escaping @Sendable (String) -> Void, logCollector: LogCollector? = nil) {
        self.now = now
        self.announce = announce
        self.logCollector = logCollector
    }

    /// The real clock and standard output.
    public static let live = AppDependencies(now: { Date() }, announce: { line in
        FileHandle.standardOutput.write(Data((line + "\n").utf8))
    })
}
