import Foundation
import MarketCore

/// What the backend sends the trading role to move cash (the body of the internal routes).
/// The audit record is drafted by the backend, which knows the account summary before the
/// change, and written by the trading role in the same transaction as the change.
struct GatewayWire: Codable, Sendable {
    var amount: String?
    var description: String?
    var reference: String?
    var actorID: String?
    var actorEmail: String?
    var target: String
    var before: String?
    var after: String?
    var at: String

    enum CodingKeys: String, CodingKey {
        case amount, description, reference, target, before, after, at
        case actorID = "actor_id"
        case actorEmail = "actor_email"
    }

    static let fields: [RouteDoc.Field] = [
        .init("amount", required: false, "deposits only"), .init("description", required: false), .init("reference", required: false),
        .init("actor_id", required: false), .init("actor_email", required: false), .init("target"),
        .init("before", required: false, "JSON text"), .init("after", required: false, "JSON text"), .init("at", required: true, "RFC 3339"),
    ]

    init(audit: PendingAudit, amount: Money? = nil, description: String? = nil, reference: String? = nil) {
        self.amount = amount?.decimalString
        self.description = description
        self.reference = reference
        self.actorID = audit.actor.id?.uuidString.lowercased()
        self.actorEmail = audit.actor.email
        self.target = audit.target
        self.before = audit.beforeJSON
        self.after = audit.afterJSON
        self.at = Timestamp.string(audit.at)
    }

    /// The audit record of `action`, from a parsed body.
    static func audit(_ body: JSONBody, action: String) throws -> PendingAudit {
        let actorID = try body.optionalString("actor_id", maxLength: 64)
        let at = try body.optionalDate("at")
        guard let at else { throw APIError.badRequest("missing_field", "field 'at' is required") }
        return PendingAudit(
            actor: .init(id: actorID.flatMap(UUID.init(uuidString:)), email: try body.optionalString("actor_email", maxLength: 320)),
            area: "accounts", action: action, target: try body.string("target", maxLength: 128),
            beforeJSON: try body.optionalString("before", maxLength: 65_536), afterJSON: try body.optionalString("after", maxLength: 65_536), at: at)
    }
}
