/// How an order prices itself: at any price, at a limit, or held until a stop price trades.
public enum OrderType: String, Hashable, Sendable, Codable, CaseIterable {
    case market, limit, stop
    case stopLimit = "stop_limit"
}
