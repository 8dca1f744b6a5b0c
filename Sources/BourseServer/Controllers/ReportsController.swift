import Foundation
import Hummingbird
import SQLKit

/// `/api/reports`: the caller's daily and weekly reports; administrators also see the
/// platform's.
struct ReportsController {
    let storage: Storage

    func register(in catalog: RouteCatalog) {
        catalog.add(RouteDoc(method: .get, path: "/api/reports", summary: "The caller's reports, newest first (admin: platform reports too)",
                             tag: "reports", access: .user,
                             query: [.init("kind", required: false, "daily or weekly"), .init("limit", "integer", required: false, "1-200, default 50")])) { request, context, _ in
            let user = try context.requireUser()
            let query = QueryParameters(request: request)
            let limit = try query.int("limit", default: 50, range: 1...200)
            var select = storage.sql().select().columns("id", "kind", "scope", "period_start", "period_end", "body_json", "created_at").from("reports")
            if user.role == .admin {
                select = select.where(SQLBinaryExpression(SQLIdentifier("user_id"), .equal, SQLBind(user.id)))
                    .orWhere("scope", .equal, SQLBind("platform"))
            } else {
                select = select.where("user_id", .equal, SQLBind(user.id))
            }
            if let kind = try query.optionalString("kind", maxLength: 16) {
                guard ["daily", "weekly"].contains(kind) else { throw APIError.badRequest("invalid_query", "'kind' must be daily or weekly") }
                select = select.where("kind", .equal, SQLBind(kind))
            }
            return try JSONResponse.make(try await select.orderBy("id", .descending).limit(limit).all().map(ReportDTO.init))
        }

        catalog.add(RouteDoc(method: .get, path: "/api/reports/{id}", summary: "One report (another user's is 404)", tag: "reports",
                             access: .user, errorStatuses: [404])) { _, context, _ in
            let user = try context.requireUser()
            guard let id = context.parameters.get("id").flatMap(Int64.init),
                  let row = try await storage.sql().select().column("*").from("reports").where("id", .equal, SQLBind(id)).first()
            else { throw APIError.notFound("report_not_found", "no such report") }
            let owner = try row.decode(column: "user_id", as: UUID?.self)
            let scope = try row.decode(column: "scope", as: String.self)
            guard owner == user.id || (user.role == .admin && scope == "platform") else { throw APIError.notFound("report_not_found", "no such report") }
            return try JSONResponse.make(try ReportDTO(row))
        }
    }

    struct ReportDTO: Encodable {
        let id: String
        let kind: String
        let scope: String
        let periodStart: Date
        let periodEnd: Date
        let report: JSONValue
        let createdAt: Date
        enum CodingKeys: String, CodingKey {
            case id, kind, scope, periodStart = "period_start", periodEnd = "period_end", report, createdAt = "created_at"
        }
        init(_ row: any SQLRow) throws {
            id = String(try row.decode(column: "id", as: Int64.self))
            kind = try row.decode(column: "kind", as: String.self)
            scope = try row.decode(column: "scope", as: String.self).hasPrefix("user:") ? "user" : "platform"
            periodStart = try row.decode(column: "period_start", as: Date.self)
            periodEnd = try row.decode(column: "period_end", as: Date.self)
            report = (try? JSONDecoder().decode(JSONValue.self, from: Data(try row.decode(column: "body_json", as: String.self).utf8))) ?? .null
            createdAt = try row.decode(column: "created_at", as: Date.self)
        }
    }
}
