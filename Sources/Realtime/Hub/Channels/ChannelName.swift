/// A push channel: the public `market` stream or one user's private stream of a given kind.
public enum ChannelName: Hashable, Sendable, CustomStringConvertible {
    case market
    case trading(userID: String)
    case admin(userID: String)
    case notifications(userID: String)
    case alerts(userID: String)

    /// The kind of a channel, shared by every user's instance of it (stats group by it).
    public enum Kind: String, Hashable, Sendable, CaseIterable {
        case market, trading, admin, notifications, alerts
    }

    /// Builds the channel of `kind` for `userID`; nil when a private kind lacks a user or the
    /// user id is not a valid channel segment.
    public init?(kind: Kind, userID: String?) {
        if kind == .market {
            guard userID == nil else { return nil }
            self = .market
            return
        }
        guard let userID, Self.isValidUserID(userID) else { return nil }
        switch kind {
        case .market: return nil
        case .trading: self = .trading(userID: userID)
        case .admin: self = .admin(userID: userID)
        case .notifications: self = .notifications(userID: userID)
        case .alerts: self = .alerts(userID: userID)
        }
    }

    /// Parses the wire form: `market`, `trading.<user_id>`, `admin.<user_id>`…
    public init?(_ text: String) {
        if text == "market" {
            self = .market
            return
        }
        guard let dot = text.firstIndex(of: "."), let kind = Kind(rawValue: String(text[..<dot])) else { return nil }
        self.init(kind: kind, userID: String(text[text.index(after: dot)...]))
    }

    public var kind: Kind {
        switch self {
        case .market: .market
        case .trading: .trading
        case .admin: .admin
        case .notifications: .notifications
        case .alerts: .alerts
        }
    }

    /// The user a private channel belongs to; nil for `market`.
    public var userID: String? {
        switch self {
        case .market: nil
        case .trading(let id), .admin(let id), .notifications(let id), .alerts(let id): id
        }
    }

    /// The wire form, as used in envelopes and bus topics.
    public var description: String {
        guard let userID else { return kind.rawValue }
        return kind.rawValue + "." + userID
    }

    /// User ids end up in bus topics and envelopes, so they are kept to a safe alphabet
    /// (UUIDs and similar tokens) rather than escaped everywhere.
    static func isValidUserID(_ id: String) -> Bool {
        guard !id.isEmpty, id.utf8.count <= 128 else { return false }
        return id.utf8.allSatisfy { byte in
            (byte >= UInt8(ascii: "a") && byte <= UInt8(ascii: "z"))
                || (byte >= UInt8(ascii: "A") && byte <= UInt8(ascii: "Z"))
                || (byte >= UInt8(ascii: "0") && byte <= UInt8(ascii: "9"))
                || byte == UInt8(ascii: "-") || byte == UInt8(ascii: "_")
        }
    }
}
