@testable import BourseServer
import FluentKit
import Foundation
import Hummingbird
import HummingbirdTesting
import Testing

@Suite("Auth flow")
struct AuthFlowTests {
    @Test("register → login → me → account → refresh rotation → reuse detection → logout")
    func fullFlow() async throws {
        try await TestApp.run { client, _ in
            let id = try await client.register("Alice@Example.com", displayName: "Alice")
            let tokens = try await client.login("alice@example.com")

            let me = try await client.send(.get, "/api/auth/me", token: tokens.access)
            #expect(me.status == .ok)
            #expect(me.string("id") == id)
            #expect(me.string("email") == "alice@example.com")
            #expect(me.string("role") == "trader")
            #expect(me.string("display_name") == "Alice")
            #expect(me["password_hash"] == nil)

            let account = try await client.send(.get, "/api/account", token: tokens.access)
            #expect(account.status == .ok)
            #expect(account.string("cash") == "100000.00")
            #expect(account.string("equity") == "100000.00")
            #expect(account.string("buying_power") == "100000.00")
            #expect(account.string("currency") == "USD")

            // Rotation: the refresh token works once and yields a new pair.
            let rotated = try await client.send(.post, "/api/auth/refresh", json: ["refresh_token": tokens.refresh])
            #expect(rotated.status == .ok)
            let newRefresh = try #require(rotated.string("refresh_token"))
            #expect(newRefresh != tokens.refresh)
            #expect(rotated.string("token_type") == "bearer")
            let newAccess = try #require(rotated.string("access_token"))
            #expect(try await client.send(.get, "/api/auth/me", token: newAccess).status == .ok)

            // Reuse of the old token is detected and revokes the whole family, the new one included.
            let reuse = try await client.send(.post, "/api/auth/refresh", json: ["refresh_token": tokens.refresh])
            #expect(reuse.status == .unauthorized)
            #expect(reuse.code == "refresh_token_reused")
            let afterReuse = try await client.send(.post, "/api/auth/refresh", json: ["refresh_token": newRefresh])
            #expect(afterReuse.status == .unauthorized)

            // Logout revokes a fresh login's refresh token.
            let second = try await client.login("alice@example.com")
            let logout = try await client.send(.post, "/api/auth/logout", json: ["refresh_token": second.refresh])
            #expect(logout.status == .noContent)
            let afterLogout = try await client.send(.post, "/api/auth/refresh", json: ["refresh_token": second.refresh])
            #expect(afterLogout.status == .unauthorized)
            #expect(afterLogout.code == "invalid_refresh_token")
        }
    }

    @Test("passwords are stored as bcrypt hashes at the configured cost, never in clear")
    func passwordHashing() async throws {
        try await TestApp.run(configure: { $0.passwordHashCost = 12 }) { client, fixture in
            _ = try await client.register("hash@example.com")
            let user = try await fixture.withStorage { storage in
                try await UserModel.query(on: storage.database()).filter(\.$email == "hash@example.com").first()
            }
            let hash = try #require(user?.passwordHash)
            #expect(hash.hasPrefix("$2b$12$"))
            #expect(!hash.contains("correct horse battery"))
        }
    }

    @Test("wrong password and unknown e-mail give the same 401")
    func wrongCredentials() async throws {
        try await TestApp.run { client, _ in
            try await client.register("bob@example.com")
            let wrong = try await client.send(.post, "/api/auth/login", json: ["email": "bob@example.com", "password": "not the password"])
            let unknown = try await client.send(.post, "/api/auth/login", json: ["email": "nobody@example.com", "password": "not the password"])
            #expect(wrong.status == .unauthorized)
            #expect(unknown.status == .unauthorized)
            #expect(wrong.code == "invalid_credentials")
            #expect(wrong.string("reason") == unknown.string("reason"))
        }
    }

    @Test("failed logins are rate limited per account with Retry-After; success is not blocked for others")
    func loginRateLimit() async throws {
        try await TestApp.run(configure: { $0.loginFailuresPerAccount = 3 }) { client, fixture in
            try await client.register("carol@example.com")
            try await client.register("dave@example.com")
            for _ in 0..<3 {
                let attempt = try await client.send(.post, "/api/auth/login", json: ["email": "carol@example.com", "password": "wrong password"])
                #expect(attempt.status == .unauthorized)
            }
            // Even the right password is refused while the account is throttled.
            let limited = try await client.send(.post, "/api/auth/login", json: ["email": "carol@example.com", "password": "correct horse battery"])
            #expect(limited.status == .tooManyRequests)
            #expect(limited.code == "rate_limited")
            let retryAfter = try #require(limited.headers[.retryAfter].flatMap { Int($0) })
            #expect(retryAfter > 0 && retryAfter <= 15 * 60)
            _ = try await client.login("dave@example.com")
            // Once the window has passed the account can log in again.
            fixture.clock.advance(by: 15 * 60 + 1)
            _ = try await client.login("carol@example.com")
        }
    }

    @Test("failed logins are rate limited per client address across accounts")
    func addressRateLimit() async throws {
        try await TestApp.run(configure: { $0.loginFailuresPerAddress = 4 }) { client, _ in
            for index in 0..<4 {
                let attempt = try await client.send(.post, "/api/auth/login", json: ["email": "user\(index)@example.com", "password": "wrong password"])
                #expect(attempt.status == .unauthorized)
            }
            let limited = try await client.send(.post, "/api/auth/login", json: ["email": "other@example.com", "password": "wrong password"])
            #expect(limited.status == .tooManyRequests)
            #expect(limited.headers[.retryAfter] != nil)
        }
    }

    @Test("an expired access token is refused with token_expired")
    func expiredAccessToken() async throws {
        try await TestApp.run { client, fixture in
            let trader = try await client.trader("erin@example.com")
            fixture.clock.advance(by: 15 * 60 + 1)
            let result = try await client.send(.get, "/api/auth/me", token: trader.access)
            #expect(result.status == .unauthorized)
            #expect(result.code == "token_expired")
        }
    }

    @Test("an expired refresh token is refused")
    func expiredRefreshToken() async throws {
        try await TestApp.run { client, fixture in
            let trader = try await client.trader("frank@example.com")
            fixture.clock.advance(by: 31 * 24 * 3600)
            let result = try await client.send(.post, "/api/auth/refresh", json: ["refresh_token": trader.refresh])
            #expect(result.status == .unauthorized)
            #expect(result.code == "refresh_token_expired")
        }
    }

    @Test("a disabled user cannot log in, refresh or use an access token")
    func disabledUser() async throws {
        try await TestApp.run { client, fixture in
            let trader = try await client.trader("gina@example.com")
            let admin = try await client.admin(fixture)
            let patch = try await client.send(.patch, "/api/admin/users/\(trader.id)", json: ["disabled": true], token: admin)
            #expect(patch.status == .ok)
            #expect(try await client.send(.get, "/api/auth/me", token: trader.access).status == .forbidden)
            #expect(try await client.send(.post, "/api/auth/refresh", json: ["refresh_token": trader.refresh]).status == .unauthorized)
            let login = try await client.send(.post, "/api/auth/login", json: ["email": "gina@example.com", "password": "correct horse battery"])
            #expect(login.status == .forbidden)
            #expect(login.code == "account_disabled")
        }
    }
}
