import Foundation
import Hummingbird
import NIOCore

/// The typed request context of every Bourse route: who is calling (once authenticated) and
/// from where.
public struct BourseRequestContext: RequestContext, RemoteAddressRequestContext {
    public var coreContext: CoreRequestContextStorage
    /// The peer address of the TCP connection.
    public let remoteAddress: SocketAddress?
    /// Set by `AuthMiddleware` when a valid bearer token came with the request.
    var identity: Identity?

    public init(source: ApplicationRequestContextSource) {
        self.coreContext = .init(source: source)
        self.remoteAddress = source.channel.remoteAddress
    }

    /// The authenticated caller, re-read from the database on each request.
    struct Identity: Sendable {
        let user: UserSnapshot
    }

    /// The caller, or 401.
    func requireUser() throws -> UserSnapshot {
        guard let identity else { throw APIError.unauthorized("unauthorized", "this endpoint needs a bearer token") }
        return identity.user
    }

    /// The caller if an admin, 401 if anonymous, 403 otherwise.
    func requireAdmin() throws -> UserSnapshot {
        let user = try requireUser()
        guard user.role == .admin else { throw APIError.forbidden("admin_only", "this endpoint is for administrators") }
        return user
    }

    /// The client's address for rate limiting: the peer, or the proxy's `X-Real-IP` when the
    /// peer is a proxy on loopback (nginx in the services shape).
    func clientAddress(_ request: Request) -> String {
        let peer = remoteAddress?.ipAddress ?? "unknown"
        if peer == "127.0.0.1" || peer == "::1", let forwarded = request.headers[.init("X-Real-IP")!], !forwarded.isEmpty {
            return String(forwarded.prefix(64))
        }
        return peer
    }
}

/// What the request context keeps of the caller: a value copy, never a live model.
struct UserSnapshot: Sendable, Equatable {
    let id: UUID
    let email: String
    let displayName: String
    let role: UserRole
    let disabled: Bool
    let createdAt: Date

    init(_ model: UserModel) {
        self.id = model.id!
        self.email = model.email
        self.displayName = model.displayName
        self.role = model.userRole
        self.disabled = model.disabled
        self.createdAt = model.createdAt
    }
}
