/// Why a reading of `/proc` or of a file system could not be taken.
public enum HostMetricsError: Error, Equatable, Sendable, CustomStringConvertible {
    /// The file could not be opened or read.
    case unreadable(path: String, reason: String)
    /// The file was read but did not have the expected layout.
    case malformed(path: String, detail: String)
    /// `statvfs` failed for the path (missing directory, permissions).
    case fileSystemUnavailable(path: String, reason: String)

    public var description: String {
        switch self {
        case let .unreadable(path, reason): "cannot read \(path): \(reason)"
        case let .malformed(path, detail): "unexpected layout in \(path): \(detail)"
        case let .fileSystemUnavailable(path, reason): "cannot stat file system of \(path): \(reason)"
        }
    }
}
