/// Where Bourse keeps its data: a SQLite file (embedded) or a PostgreSQL server (services).
public enum StorageLocation: Sendable, Equatable {
    case sqlite(path: String)
    case postgres(url: String)

    /// The engine's name, as reported by monitoring.
    public var engine: String {
        switch self {
        case .sqlite: return "sqlite"
        case .postgres: return "postgresql"
        }
    }
}
