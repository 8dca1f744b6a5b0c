/// The authenticated subject of a connection, as established by the server from a token.
public struct Identity: Sendable, Hashable {
    public let userID: String
    public let isAdmin: Bool

    public init(userID: String, isAdmin: Bool) {
        self.userID = userID
        self.isAdmin = isAdmin
    }
}

extension ChannelName {
    /// `authorize(channel:subject:isAdmin:)` for an optional identity.
    public func access(for identity: Identity?) -> ChannelAccess {
        authorize(channel: self, subject: identity?.userID, isAdmin: identity?.isAdmin ?? false)
    }
}
