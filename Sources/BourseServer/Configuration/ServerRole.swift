/// Which parts of Bourse a process serves (DESIGN.md, "One binary, three shapes").
public enum ServerRole: String, CaseIterable, Sendable {
    /// Everything in one process: the embedded shape.
    case all
    /// `/api/*`, the WebSockets and the web apps.
    case backend
    /// `/market/*` and `/trading/*`: the simulator and the books.
    case trading

    /// Whether this role serves the Backend API (auth, accounts, admin, push hub).
    public var servesBackend: Bool { self != .trading }
    /// Whether this role serves the Trading System API.
    public var servesTrading: Bool { self != .backend }
    /// The port a role listens on when none is given.
    public var defaultPort: Int { self == .trading ? 8001 : 8000 }
}
