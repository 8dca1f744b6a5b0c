/// Why an instrument definition or a whole catalogue was refused.
public enum CatalogueError: Error, Equatable, Sendable, CustomStringConvertible {
    case invalidJSON(String)
    case empty
    case duplicateSymbol(String)
    case invalidField(symbol: String, field: String, reason: String)

    public var description: String {
        switch self {
        case .invalidJSON(let detail): return "the catalogue is not valid JSON of the expected shape: \(detail)"
        case .empty: return "the catalogue holds no instruments"
        case .duplicateSymbol(let symbol): return "the symbol \(symbol) appears more than once"
        case .invalidField(let symbol, let field, let reason): return "instrument \(symbol): \(field) \(reason)"
        }
    }
}
