import Foundation
import JWTKit

/// The claims of an access token. `exp` is mandatory; `role` is informational only: every
/// request re-reads the user's current role, so a demotion takes effect at once.
struct AccessClaims: JWTPayload, Equatable {
    var sub: SubjectClaim
    var role: String
    var exp: ExpirationClaim
    var iat: IssuedAtClaim
    var iss: IssuerClaim

    static let issuer = "bourse"

    func verify(using algorithm: some JWTAlgorithm) async throws {
        try exp.verifyNotExpired()
        guard iss.value == Self.issuer else { throw JWTError.claimVerificationFailure(failedClaim: iss, reason: "unexpected issuer") }
    }
}
