@testable import BourseServer
import Foundation
import HummingbirdTesting
import Testing

@Suite("Bad input gets a 4xx in the contract's shape")
struct BadInputTests {
    /// Every error body has exactly the contract's three keys.
    static func expectContractShape(_ result: JSONResult, _ status: Int, _ code: String, sourceLocation: SourceLocation = #_sourceLocation) {
        #expect(result.status.code == status, "expected \(status), got \(result.status.code): \(result.text)", sourceLocation: sourceLocation)
        #expect(Set(result.object.keys) == ["error", "code", "reason"], "body: \(result.text)", sourceLocation: sourceLocation)
        #expect(result.object["error"] as? Bool == true, sourceLocation: sourceLocation)
        #expect(result.code == code, "body: \(result.text)", sourceLocation: sourceLocation)
        #expect(!(result.string("reason") ?? "").isEmpty, sourceLocation: sourceLocation)
    }

    @Test("registration refuses malformed bodies and bad fields, and writes nothing")
    func registrationBadInput() async throws {
        try await TestApp.run { client, fixture in
            let cases: [(String, Int, String)] = [
                ("{not json", 400, "invalid_json"),
                ("", 400, "invalid_json"),
                ("[1,2]", 400, "invalid_json"),
                (#""just a string""#, 400, "invalid_json"),
                (#"{"password":"correct horse battery"}"#, 400, "missing_field"),
                (#"{"email":"x@example.com"}"#, 400, "missing_field"),
                (#"{"email":42,"password":"correct horse battery"}"#, 400, "wrong_type"),
                (#"{"email":"x@example.com","password":["a"]}"#, 400, "wrong_type"),
                (#"{"email":"x@example.com","password":"correct horse battery","display_name":true}"#, 400, "wrong_type"),
                (#"{"email":"not-an-email","password":"correct horse battery"}"#, 400, "invalid_email"),
                (#"{"email":"a@b","password":"correct horse battery"}"#, 400, "invalid_email"),
                (#"{"email":"a b@example.com","password":"correct horse battery"}"#, 400, "invalid_email"),
                (#"{"email":"x@example.com","password":"short"}"#, 400, "weak_password"),
                (#"{"email":"x@example.com","password":"password123"}"#, 400, "weak_password"),
                (#"{"email":"x@example.com","password":"aaaaaaaaaaaaaaa"}"#, 400, "weak_password"),
                (#"{"email":"x@example.com","password":"correct horse battery","role":"admin"}"#, 400, "unknown_field"),
                (#"{"email":"x@example.com","password":"correct horse battery","cash":"1000000000"}"#, 400, "unknown_field"),
                (#"{"email":"x@example.com","password":"correct horse battery","display_name":"line\u0007break"}"#, 400, "invalid_display_name"),
            ]
            for (body, status, code) in cases {
                let result = try await client.send(.post, "/api/auth/register", raw: body)
                Self.expectContractShape(result, status, code)
            }
            let longEmail = String(repeating: "a", count: 300) + "@example.com"
            Self.expectContractShape(try await client.send(.post, "/api/auth/register", json: ["email": longEmail, "password": "correct horse battery"]), 400, "field_too_long")
            Self.expectContractShape(try await client.send(.post, "/api/auth/register", json: ["email": "y@example.com", "password": String(repeating: "xy1", count: 30)]), 400, "password_too_long")
            Self.expectContractShape(try await client.send(.post, "/api/auth/register", json: ["email": "y@example.com", "password": "correct horse battery", "display_name": String(repeating: "n", count: 65)]), 400, "field_too_long")
            let huge = "{\"email\":\"" + String(repeating: "a", count: 70_000) + "\"}"
            Self.expectContractShape(try await client.send(.post, "/api/auth/register", raw: huge), 413, "body_too_large")

            // Nothing was written: only the first-start admin exists.
            let admin = try await client.admin(fixture)
            let users = try await client.send(.get, "/api/admin/users", token: admin)
            #expect(users.array.count == 1)
        }
    }

    @Test("a duplicate e-mail is a 409, whatever its case")
    func duplicateEmail() async throws {
        try await TestApp.run { client, _ in
            try await client.register("dup@example.com")
            let again = try await client.send(.post, "/api/auth/register", json: ["email": "DUP@example.com", "password": "another good password"])
            Self.expectContractShape(again, 409, "email_taken")
        }
    }

    @Test("login, refresh and logout refuse malformed bodies")
    func authBadInput() async throws {
        try await TestApp.run { client, _ in
            Self.expectContractShape(try await client.send(.post, "/api/auth/login", raw: "nope"), 400, "invalid_json")
            Self.expectContractShape(try await client.send(.post, "/api/auth/login", raw: #"{"email":"a@example.com"}"#), 400, "missing_field")
            Self.expectContractShape(try await client.send(.post, "/api/auth/login", raw: #"{"email":"a@example.com","password":1}"#), 400, "wrong_type")
            Self.expectContractShape(try await client.send(.post, "/api/auth/refresh", raw: "{}"), 400, "missing_field")
            Self.expectContractShape(try await client.send(.post, "/api/auth/refresh", raw: #"{"refresh_token":"made-up"}"#), 401, "invalid_refresh_token")
            Self.expectContractShape(try await client.send(.post, "/api/auth/logout", raw: #"{"refresh_token":5}"#), 400, "wrong_type")
        }
    }

    @Test("anonymous callers get 401 on private routes; unknown routes 404; wrong methods 405")
    func anonymousAndRouting() async throws {
        try await TestApp.run { client, _ in
            for path in ["/api/auth/me", "/api/account", "/api/account/activities"] {
                Self.expectContractShape(try await client.send(.get, path), 401, "unauthorized")
            }
            Self.expectContractShape(try await client.send(.post, "/api/account/reset"), 401, "unauthorized")
            Self.expectContractShape(try await client.send(.get, "/api/no-such-thing"), 404, "not_found")
        }
    }

    @Test("bad query parameters are a 400 naming the parameter")
    func badQuery() async throws {
        try await TestApp.run { client, _ in
            let trader = try await client.trader("q@example.com")
            for query in ["limit=0", "limit=501", "limit=ten", "before=-1", "activity_type=bonus"] {
                Self.expectContractShape(try await client.send(.get, "/api/account/activities?\(query)", token: trader.access), 400, "invalid_query")
            }
        }
    }
}
