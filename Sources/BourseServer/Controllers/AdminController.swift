import FluentKit
import Hummingbird

/// `/api/admin/*`: user management and virtual deposits. Every change is audited.
struct AdminController {
    let users: UserDirectory
    let accounts: AccountService
    let auth: AuthService
    let audit: AuditLog
    let storage: Storage

    func register(in catalog: RouteCatalog) {
        catalog.add(RouteDoc(
            method: .get, path: "/api/admin/users", summary: "List users", tag: "admin", access: .admin,
            query: [.init("limit", "integer", required: false, "1-500, default 100"), .init("offset", "integer", required: false),
                    .init("role", required: false, "trader or admin")]
        )) { request, context, _ in
            _ = try context.requireAdmin()
            let query = QueryParameters(request: request)
            let page = try await users.list(limit: try query.int("limit", default: 100, range: 1...500),
                                            offset: try query.int("offset", default: 0, range: 0...10_000_000),
                                            role: try query.optionalEnum("role", UserRole.self))
            var response = try JSONResponse.make(page.users.map(UserDTO.init))
            response.headers[.init("X-Total-Count")!] = String(page.total)
            return response
        }

        catalog.add(RouteDoc(method: .get, path: "/api/admin/users/{id}", summary: "One user", tag: "admin", access: .admin,
                             errorStatuses: [404])) { _, context, _ in
            _ = try context.requireAdmin()
            guard let user = try await users.find(id: try context.parameters.uuid("id")) else { throw APIError.notFound("user_not_found", "no such user") }
            return try JSONResponse.make(UserDTO(user))
        }

        catalog.add(RouteDoc(
            method: .patch, path: "/api/admin/users/{id}", summary: "Change a user's role, display name or disabled flag",
            tag: "admin", access: .admin,
            body: [.init("role", required: false, "trader or admin"), .init("disabled", "boolean", required: false),
                   .init("display_name", required: false)],
            errorStatuses: [404, 409]
        )) { request, context, doc in
            let admin = try context.requireAdmin()
            let id = try context.parameters.uuid("id")
            let body = try await JSONBody.parse(request, allowed: doc.bodyFieldNames)
            let role = try body.optionalString("role", maxLength: 16).map { text -> UserRole in
                guard let role = UserRole(rawValue: text) else { throw APIError.badRequest("invalid_role", "'role' must be trader or admin") }
                return role
            }
            let disabled = try body.optionalBool("disabled")
            let displayName = try body.optionalString("display_name", maxLength: CredentialRules.maxDisplayNameLength).map(CredentialRules.displayName)
            if id == admin.id, role == .trader || disabled == true {
                throw APIError.conflict("cannot_modify_self", "an administrator cannot demote or disable their own account")
            }
            let updated = try await storage.database().transaction { database -> UserSnapshot in
                guard let model = try await users.model(id: id, on: database) else { throw APIError.notFound("user_not_found", "no such user") }
                let before = UserDTO(UserSnapshot(model))
                if let role { model.role = role.rawValue }
                if let disabled { model.disabled = disabled }
                if let displayName { model.displayName = displayName }
                model.updatedAt = audit.now()
                try await model.save(on: database)
                if disabled == true { try await auth.revokeAll(userID: id, on: database) }
                let after = UserSnapshot(model)
                try await audit.record(on: database, actor: .init(admin), area: "users", action: "update",
                                       target: "user:\(id.uuidString.lowercased())", before: before, after: UserDTO(after))
                return after
            }
            users.cache.invalidate(id)
            context.logger.info("user updated by admin", metadata: ["user_id": "\(id)", "admin_id": "\(admin.id)"])
            return try JSONResponse.make(UserDTO(updated))
        }

        catalog.add(RouteDoc(
            method: .post, path: "/api/admin/accounts/{user_id}/deposit", summary: "Add virtual funds to a user's paper account (audited)",
            tag: "admin", access: .admin,
            body: [.init("amount", required: true, "decimal string, > 0"), .init("note", required: false, "shown in the user's activities")],
            errorStatuses: [404]
        )) { request, context, doc in
            let admin = try context.requireAdmin()
            let userID = try context.parameters.uuid("user_id")
            let body = try await JSONBody.parse(request, allowed: doc.bodyFieldNames)
            let amount = try body.money("amount")
            let note = try body.optionalString("note", maxLength: 200)
            let summary = try await accounts.deposit(admin: admin, userID: userID, amount: amount, note: note)
            context.logger.info("deposit by admin", metadata: ["user_id": "\(userID)", "admin_id": "\(admin.id)", "amount": "\(amount)"])
            return try JSONResponse.make(summary)
        }
    }
}
