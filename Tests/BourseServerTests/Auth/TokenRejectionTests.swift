@testable import BourseServer
import Foundation
import HummingbirdTesting
import JWTKit
import Testing

@Suite("Forged and malformed tokens")
struct TokenRejectionTests {
    static func base64URL(_ text: String) -> String {
        Data(text.utf8).base64EncodedString().replacingOccurrences(of: "+", with: "-")
            .replacingOccurrences(of: "/", with: "_").replacingOccurrences(of: "=", with: "")
    }

    static func payload(sub: String, exp: Date) -> String {
        base64URL(#"{"sub":"\#(sub)","role":"admin","iss":"bourse","iat":\#(Int(Date().timeIntervalSince1970)),"exp":\#(Int(exp.timeIntervalSince1970))}"#)
    }

    @Test("alg none, another key, HS384, garbage and a bad scheme each get a 401 in the contract's shape")
    func forgedTokens() async throws {
        try await TestApp.run { client, _ in
            let trader = try await client.trader("mallory@example.com")
            let future = Date().addingTimeInterval(600)
            let body = Self.payload(sub: trader.id, exp: future)

            let none = Self.base64URL(#"{"alg":"none","typ":"JWT"}"#) + "." + body + "."
            let otherKeys = JWTKeyCollection()
            await otherKeys.add(hmac: HMACKey(from: Array("another-secret-of-at-least-32-bytes!!".utf8)), digestAlgorithm: .sha256)
            let otherKey = try await otherKeys.sign(AccessClaims(
                sub: .init(value: trader.id), role: "admin", exp: .init(value: future), iat: .init(value: Date()), iss: .init(value: "bourse")))
            let hs384Keys = JWTKeyCollection()
            await hs384Keys.add(hmac: HMACKey(from: TestApp.secret), digestAlgorithm: .sha384)
            let hs384 = try await hs384Keys.sign(AccessClaims(
                sub: .init(value: trader.id), role: "admin", exp: .init(value: future), iat: .init(value: Date()), iss: .init(value: "bourse")))
            // A valid signature over a tampered payload: the original signature with a new body.
            let parts = trader.access.split(separator: ".")
            let tampered = parts[0] + "." + body + "." + parts[2]

            for token in [none, otherKey, hs384, "not-a-jwt", "a.b.c", String(tampered)] {
                let result = try await client.send(.get, "/api/auth/me", token: token)
                #expect(result.status == .unauthorized, "token \(token.prefix(30)) got \(result.status)")
                #expect(result.code == "invalid_token")
                #expect(result.headers[.wwwAuthenticate] == "Bearer")
            }
            let basic = try await client.send(.get, "/api/auth/me", headers: [.authorization: "Basic dXNlcjpwYXNz"])
            #expect(basic.status == .unauthorized)
            #expect(basic.code == "invalid_authorization")
        }
    }

    @Test("a token signed with the right key but already expired is refused")
    func expiredSignedToken() async throws {
        try await TestApp.run { client, _ in
            let trader = try await client.trader("oscar@example.com")
            let keys = JWTKeyCollection()
            await keys.add(hmac: HMACKey(from: TestApp.secret), digestAlgorithm: .sha256)
            let past = Date().addingTimeInterval(-60)
            let token = try await keys.sign(AccessClaims(
                sub: .init(value: trader.id), role: "trader", exp: .init(value: past), iat: .init(value: past.addingTimeInterval(-900)),
                iss: .init(value: "bourse")))
            let result = try await client.send(.get, "/api/auth/me", token: token)
            #expect(result.status == .unauthorized)
            #expect(result.code == "token_expired")
        }
    }

    @Test("a token without exp is refused")
    func tokenWithoutExpiry() async throws {
        try await TestApp.run { client, _ in
            let trader = try await client.trader("peggy@example.com")
            struct NoExpiry: JWTPayload {
                var sub: SubjectClaim
                var iss: IssuerClaim
                func verify(using algorithm: some JWTAlgorithm) async throws {}
            }
            let keys = JWTKeyCollection()
            await keys.add(hmac: HMACKey(from: TestApp.secret), digestAlgorithm: .sha256)
            let token = try await keys.sign(NoExpiry(sub: .init(value: trader.id), iss: .init(value: "bourse")))
            let result = try await client.send(.get, "/api/auth/me", token: token)
            #expect(result.status == .unauthorized)
        }
    }
}
