import Hummingbird

/// `/api/account*`: the caller's paper account.
struct AccountController {
    let accounts: AccountService

    func register(in catalog: RouteCatalog) {
        catalog.add(RouteDoc(method: .get, path: "/api/account", summary: "Cash, equity and buying power of the caller's paper account",
                             tag: "account", access: .user)) { _, context, _ in
            try JSONResponse.make(try await accounts.summary(userID: try context.requireUser().id))
        }

        catalog.add(RouteDoc(
            method: .get, path: "/api/account/activities", summary: "The caller's ledger, newest first",
            tag: "account", access: .user,
            query: [.init("limit", "integer", required: false, "1-500, default 100"),
                    .init("before", "integer", required: false, "an activity id: page to older entries"),
                    .init("activity_type", required: false, "initial_deposit, deposit, reset, fill or fee")]
        )) { request, context, _ in
            let user = try context.requireUser()
            let query = QueryParameters(request: request)
            let list = try await accounts.activities(
                userID: user.id, limit: try query.int("limit", default: 100, range: 1...500),
                before: try query.optionalInt64("before"), kind: try query.optionalEnum("activity_type", Ledger.Kind.self))
            return try JSONResponse.make(list)
        }

        catalog.add(RouteDoc(method: .post, path: "/api/account/reset", summary: "Back to the starting cash, recorded in the ledger",
                             tag: "account", access: .user)) { _, context, _ in
            let user = try context.requireUser()
            let summary = try await accounts.reset(user: user)
            context.logger.info("account reset", metadata: ["user_id": "\(user.id)"])
            return try JSONResponse.make(summary)
        }
    }
}
