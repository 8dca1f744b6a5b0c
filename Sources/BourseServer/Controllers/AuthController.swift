import Hummingbird

/// `/api/auth/*`.
struct AuthController {
    let auth: AuthService
    let registration: UserRegistration

    func register(in catalog: RouteCatalog) {
        catalog.add(RouteDoc(
            method: .post, path: "/api/auth/register", summary: "Create a trader account with a funded paper account",
            tag: "auth", access: .anonymous,
            body: [.init("email"), .init("password", required: true, "at least 10 characters, not a common password"),
                   .init("display_name", required: false)],
            successStatus: 201, errorStatuses: [409]
        )) { request, context, doc in
            let body = try await JSONBody.parse(request, allowed: doc.bodyFieldNames)
            let user = try await registration.create(
                email: try body.string("email", maxLength: CredentialRules.maxEmailLength),
                password: try body.string("password", maxLength: 256),
                displayName: try body.optionalString("display_name", maxLength: CredentialRules.maxDisplayNameLength),
                role: .trader, actor: .init(id: nil, email: "self-registration"))
            context.logger.info("user registered", metadata: ["user_id": "\(user.id)"])
            return try JSONResponse.make(UserDTO(user), status: .created)
        }

        catalog.add(RouteDoc(
            method: .post, path: "/api/auth/login", summary: "Exchange e-mail and password for an access and a refresh token",
            tag: "auth", access: .anonymous, body: [.init("email"), .init("password")], errorStatuses: [401, 403, 429]
        )) { request, context, doc in
            let body = try await JSONBody.parse(request, allowed: doc.bodyFieldNames)
            let pair = try await auth.login(
                email: try body.string("email", maxLength: CredentialRules.maxEmailLength),
                password: try body.string("password", maxLength: 256),
                clientAddress: context.clientAddress(request))
            return try JSONResponse.make(pair)
        }

        catalog.add(RouteDoc(
            method: .post, path: "/api/auth/refresh", summary: "Rotate a refresh token; a reused one revokes its whole family",
            tag: "auth", access: .anonymous, body: [.init("refresh_token")], errorStatuses: [401]
        )) { request, _, doc in
            let body = try await JSONBody.parse(request, allowed: doc.bodyFieldNames)
            return try JSONResponse.make(try await auth.refresh(token: try body.string("refresh_token", maxLength: 512)))
        }

        catalog.add(RouteDoc(
            method: .post, path: "/api/auth/logout", summary: "Revoke a refresh token and its family",
            tag: "auth", access: .anonymous, body: [.init("refresh_token")], successStatus: 204
        )) { request, _, doc in
            let body = try await JSONBody.parse(request, allowed: doc.bodyFieldNames)
            try await auth.logout(token: try body.string("refresh_token", maxLength: 512))
            return Response(status: .noContent)
        }

        catalog.add(RouteDoc(method: .get, path: "/api/auth/me", summary: "The caller", tag: "auth", access: .user)) { _, context, _ in
            try JSONResponse.make(UserDTO(try context.requireUser()))
        }
    }
}
