import Foundation
import Hummingbird

/// Authenticates `Authorization: Bearer` tokens. A request without the header passes through
/// anonymous (routes decide whether that is allowed); a request with a bad token is refused
/// here, so a forged or expired token never reaches a handler.
struct AuthMiddleware: RouterMiddleware {
    typealias Context = BourseRequestContext
    let tokens: TokenService
    let users: UserDirectory

    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        guard let header = request.headers[.authorization] else {
            return try await next(request, context)
        }
        guard header.count > 7, header.prefix(7).lowercased() == "bearer " else {
            throw APIError.unauthorized("invalid_authorization", "the Authorization header must be 'Bearer <token>'")
        }
        let token = String(header.dropFirst(7)).trimmingCharacters(in: .whitespaces)
        let userID: UUID
        switch await tokens.verify(token) {
        case .success(let verified): userID = verified.userID
        case .failure(.expired): throw APIError.unauthorized("token_expired", "the access token has expired; refresh it")
        case .failure(.algorithmNotAllowed): throw APIError.unauthorized("invalid_token", "only HS256 tokens are accepted")
        case .failure(.badSignature): throw APIError.unauthorized("invalid_token", "the token's signature does not verify")
        case .failure(.malformed): throw APIError.unauthorized("invalid_token", "the token is malformed")
        }
        guard let user = try await users.current(id: userID) else {
            throw APIError.unauthorized("invalid_token", "the token's user no longer exists")
        }
        guard !user.disabled else { throw APIError.forbidden("account_disabled", "this account is disabled") }
        var context = context
        context.identity = .init(user: user)
        return try await next(request, context)
    }
}
