import FluentKit
import Foundation

/// Appends to `audit_log`: who changed what, when, before and after. Written inside the same
/// transaction as the change it describes, so there is never a change without its record.
struct AuditLog: Sendable {
    let now: @Sendable () -> Date

    /// Who acted: a user, or the system itself (first start, CLI).
    struct Actor: Sendable {
        let id: UUID?
        let email: String?
        static let system = Actor(id: nil, email: "system")
        init(id: UUID?, email: String?) { self.id = id; self.email = email }
        init(_ user: UserSnapshot) { self.init(id: user.id, email: user.email) }
    }

    func record(on database: any Database, actor: Actor, area: String, action: String, target: String,
                before: (any Encodable & Sendable)?, after: (any Encodable & Sendable)?) async throws {
        let record = AuditRecordModel()
        record.actorID = actor.id
        record.actorEmail = actor.email
        record.area = area
        record.action = action
        record.target = target
        record.beforeJSON = try before.map(Self.json)
        record.afterJSON = try after.map(Self.json)
        record.createdAt = now()
        try await record.create(on: database)
    }

    private static func json(_ value: any Encodable) throws -> String {
        String(decoding: try JSONResponse.encoder.encode(value), as: UTF8.self)
    }
}
