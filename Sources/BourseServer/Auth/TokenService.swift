import Crypto
import Foundation
import JWTKit

/// Signs and verifies access tokens (HS256 only) and makes opaque refresh tokens.
///
/// The algorithm is pinned by reading the header before verification: a token that claims
/// `none`, `HS384` or any asymmetric algorithm is refused whatever jwt-kit would do with it.
struct TokenService: Sendable {
    let keys: JWTKeyCollection
    let accessLifetime: TimeInterval
    let now: @Sendable () -> Date

    init(secret: [UInt8], accessLifetime: TimeInterval, now: @escaping @Sendable () -> Date) async {
        precondition(secret.count >= ServerConfiguration.minimumSecretBytes)
        let keys = JWTKeyCollection()
        await keys.add(hmac: HMACKey(from: secret), digestAlgorithm: .sha256)
        self.keys = keys
        self.accessLifetime = accessLifetime
        self.now = now
    }

    /// Issues an access token for a user.
    func accessToken(userID: UUID, role: UserRole) async throws -> String {
        let issued = now()
        let claims = AccessClaims(
            sub: .init(value: userID.uuidString.lowercased()),
            role: role.rawValue,
            exp: .init(value: issued.addingTimeInterval(accessLifetime)),
            iat: .init(value: issued),
            iss: .init(value: AccessClaims.issuer)
        )
        return try await keys.sign(claims)
    }

    /// Why a token was refused; each maps to a 401 with a distinct code.
    enum Rejection: Error, Equatable {
        case malformed
        case algorithmNotAllowed
        case badSignature
        case expired
    }

    /// Verifies a token and returns the user it names.
    func verify(_ token: String) async -> Result<(userID: UUID, claims: AccessClaims), Rejection> {
        guard let algorithm = Self.headerAlgorithm(token) else { return .failure(.malformed) }
        guard algorithm == "HS256" else { return .failure(.algorithmNotAllowed) }
        do {
            let claims = try await keys.verify(token, as: AccessClaims.self)
            guard let userID = UUID(uuidString: claims.sub.value) else { return .failure(.malformed) }
            // jwt-kit checks `exp` against the wall clock; check against ours too so tests
            // with an injected clock see expiry exactly when they expect it.
            guard claims.exp.value > now() else { return .failure(.expired) }
            return .success((userID, claims))
        } catch let error as JWTError where error.errorType == .claimVerificationFailure {
            return .failure(.expired)
        } catch let error as JWTError where error.errorType == .signatureVerificationFailed {
            return .failure(.badSignature)
        } catch {
            return .failure(.malformed)
        }
    }

    private struct PinnedHeader: Decodable { let alg: String }

    /// The `alg` of a well-formed, reasonably sized JWT's header; nil when it is not one.
    private static func headerAlgorithm(_ token: String) -> String? {
        let parts = token.split(separator: ".", omittingEmptySubsequences: false)
        guard parts.count == 3, token.utf8.count < 4096,
              let headerData = base64URLDecode(parts[0]),
              let header = try? JSONDecoder().decode(PinnedHeader.self, from: headerData)
        else { return nil }
        return header.alg
    }

    /// The subject of the tokens Bourse processes show each other on internal routes.
    static let serviceSubject = "service:bourse"

    /// A one-minute token for a call from one Bourse process to another (the backend asking
    /// the trading role to move cash). Signed with the shared key; it names no user, so the
    /// user-facing `AuthMiddleware` refuses it.
    func serviceToken() async throws -> String {
        let issued = now()
        let claims = AccessClaims(sub: .init(value: Self.serviceSubject), role: "service", exp: .init(value: issued.addingTimeInterval(60)),
                                  iat: .init(value: issued), iss: .init(value: AccessClaims.issuer))
        return try await keys.sign(claims)
    }

    /// Whether `token` is a current service token.
    func verifyService(_ token: String) async -> Bool {
        guard Self.headerAlgorithm(token) == "HS256", let claims = try? await keys.verify(token, as: AccessClaims.self)
        else { return false }
        return claims.sub.value == Self.serviceSubject && claims.role == "service" && claims.exp.value > now()
    }

    static func base64URLDecode(_ text: Substring) -> Data? {
        var base64 = text.replacingOccurrences(of: "-", with: "+").replacingOccurrences(of: "_", with: "/")
        while base64.count % 4 != 0 { base64 += "=" }
        return Data(base64Encoded: base64)
    }

    /// A new opaque refresh token: 32 random bytes, base64url.
    static func makeRefreshToken() -> String {
        var generator = SystemRandomNumberGenerator()
        let bytes = (0..<32).map { _ in UInt8.random(in: 0...255, using: &generator) }
        return Data(bytes).base64EncodedString()
            .replacingOccurrences(of: "+", with: "-").replacingOccurrences(of: "/", with: "_").replacingOccurrences(of: "=", with: "")
    }

    /// What the database stores instead of the token.
    static func hashRefreshToken(_ token: String) -> String {
        SHA256.hash(data: Data(token.utf8)).map { String(format: "%02x", $0) }.joined()
    }
}
