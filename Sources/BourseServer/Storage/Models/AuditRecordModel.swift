import FluentKit
import Foundation

/// Who changed what, when, with the state before and after (as JSON text).
final class AuditRecordModel: Model, @unchecked Sendable {
    static let schema = "audit_log"

    @ID(custom: "id", generatedBy: .database) var id: Int64?
    @OptionalField(key: "actor_id") var actorID: UUID?
    @OptionalField(key: "actor_email") var actorEmail: String?
    @Field(key: "area") var area: String
    @Field(key: "action") var action: String
    @Field(key: "target") var target: String
    @OptionalField(key: "before_json") var beforeJSON: String?
    @OptionalField(key: "after_json") var afterJSON: String?
    @Field(key: "created_at") var createdAt: Date

    init() {}
}
