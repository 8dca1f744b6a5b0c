/// Which market symbols a connection receives: all of them, or only those it asked for.
public enum SymbolFilter: Sendable, Hashable {
    case all
    case only(Set<String>)

    /// Whether a message about `symbol` passes; messages about no symbol reach everyone.
    public func admits(_ symbol: String?) -> Bool {
        guard let symbol else { return true }
        switch self {
        case .all: return true
        case .only(let symbols): return symbols.contains(symbol)
        }
    }

    /// The number of symbols held, for the per-connection cap (`all` holds none).
    public var count: Int {
        switch self {
        case .all: 0
        case .only(let symbols): symbols.count
        }
    }

    /// The filter after subscribing to `symbols`: the first subscription narrows `all` to just
    /// those (that is how a client asks for a filter), later ones add to it; `*` means all.
    public func adding(_ symbols: [String]) -> SymbolFilter {
        if symbols.contains("*") { return .all }
        switch self {
        case .all: return .only(Set(symbols))
        case .only(let held): return .only(held.union(symbols))
        }
    }

    /// The filter after unsubscribing from `symbols`; `all` has no list to remove from.
    public func removing(_ symbols: [String]) -> SymbolFilter {
        switch self {
        case .all: return .all
        case .only(let held): return .only(held.subtracting(symbols))
        }
    }
}
