/// The outcome of checking whether a subject may open a channel, with the API's close codes.
public enum ChannelAccess: Sendable, Hashable {
    case allow
    /// No (valid) token for a private channel: close with 4401.
    case unauthenticated
    /// A valid token for someone else's channel, or a non-admin on an admin channel: 4403.
    case forbidden

    /// The WebSocket close code to end the connection with; nil when access is allowed.
    public var closeCode: UInt16? {
        switch self {
        case .allow: nil
        case .unauthenticated: 4401
        case .forbidden: 4403
        }
    }
}

/// Who may open `channel`, per API.md: `market` is public; `trading`, `notifications` and
/// `alerts` belong to their user (admins may open any); `admin` channels are for admins only.
/// `subject` is the authenticated user id (nil when there is no valid token).
public func authorize(channel: ChannelName, subject: String?, isAdmin: Bool) -> ChannelAccess {
    switch channel {
    case .market:
        return .allow
    case .admin:
        guard subject != nil else { return .unauthenticated }
        return isAdmin ? .allow : .forbidden
    case .trading(let owner), .notifications(let owner), .alerts(let owner):
        guard let subject else { return .unauthenticated }
        return subject == owner || isAdmin ? .allow : .forbidden
    }
}
