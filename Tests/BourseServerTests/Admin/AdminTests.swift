@testable import BourseServer
import FluentKit
import Foundation
import Hummingbird
import HummingbirdTesting
import Testing

@Suite("Admin routes")
struct AdminTests {
    @Test("admin-only routes refuse a trader (403) and an anonymous caller (401)")
    func adminOnly() async throws {
        try await TestApp.run { client, _ in
            let trader = try await client.trader("trader@example.com")
            let routes: [(HTTPRequest.Method, String, String?)] = [
                (.get, "/api/admin/users", nil),
                (.get, "/api/admin/users/\(trader.id)", nil),
                (.patch, "/api/admin/users/\(trader.id)", #"{"role":"admin"}"#),
                (.post, "/api/admin/accounts/\(trader.id)/deposit", #"{"amount":"100.00"}"#),
            ]
            for (method, path, body) in routes {
                let anonymous = try await client.send(method, path, raw: body)
                BadInputTests.expectContractShape(anonymous, 401, "unauthorized")
                let forbidden = try await client.send(method, path, raw: body, token: trader.access)
                BadInputTests.expectContractShape(forbidden, 403, "admin_only")
            }
            // The trader's role did not change.
            let me = try await client.send(.get, "/api/auth/me", token: trader.access)
            #expect(me.string("role") == "trader")
        }
    }

    @Test("an admin lists, reads, promotes and renames users; changes are audited")
    func manageUsers() async throws {
        try await TestApp.run { client, fixture in
            let admin = try await client.admin(fixture)
            let trader = try await client.trader("promote@example.com")
            let list = try await client.send(.get, "/api/admin/users?limit=10", token: admin)
            #expect(list.status == .ok)
            #expect(list.array.count == 2)
            #expect(list.headers[.init("X-Total-Count")!] == "2")
            let traders = try await client.send(.get, "/api/admin/users?role=trader", token: admin)
            #expect(traders.array.map { $0["email"] as? String } == ["promote@example.com"])
            let one = try await client.send(.get, "/api/admin/users/\(trader.id)", token: admin)
            #expect(one.string("email") == "promote@example.com")

            let patched = try await client.send(.patch, "/api/admin/users/\(trader.id)", json: ["role": "admin", "display_name": "Promoted"], token: admin)
            #expect(patched.status == .ok)
            #expect(patched.string("role") == "admin")
            // The promotion is effective at once with the old token: roles are read per request.
            #expect(try await client.send(.get, "/api/admin/users", token: trader.access).status == .ok)

            let records = try await fixture.withStorage { storage in
                try await AuditRecordModel.query(on: storage.database()).filter(\.$action == "update").all()
            }
            #expect(records.count == 1)
            #expect(records.first?.target == "user:\(trader.id)")
            #expect(records.first?.beforeJSON?.contains(#""role":"trader""#) == true)
            #expect(records.first?.afterJSON?.contains(#""role":"admin""#) == true)
        }
    }

    @Test("admin user management refuses bad input")
    func manageUsersBadInput() async throws {
        try await TestApp.run { client, fixture in
            let admin = try await client.admin(fixture)
            let trader = try await client.trader("target@example.com")
            let adminID = try #require(try await client.send(.get, "/api/auth/me", token: admin).string("id"))
            BadInputTests.expectContractShape(try await client.send(.patch, "/api/admin/users/\(trader.id)", raw: #"{"role":"superuser"}"#, token: admin), 400, "invalid_role")
            BadInputTests.expectContractShape(try await client.send(.patch, "/api/admin/users/\(trader.id)", raw: #"{"disabled":"yes"}"#, token: admin), 400, "wrong_type")
            BadInputTests.expectContractShape(try await client.send(.patch, "/api/admin/users/\(trader.id)", raw: #"{"password_hash":"x"}"#, token: admin), 400, "unknown_field")
            BadInputTests.expectContractShape(try await client.send(.patch, "/api/admin/users/\(UUID().uuidString)", raw: #"{"role":"admin"}"#, token: admin), 404, "user_not_found")
            BadInputTests.expectContractShape(try await client.send(.patch, "/api/admin/users/not-a-uuid", raw: #"{"role":"admin"}"#, token: admin), 404, "not_found")
            BadInputTests.expectContractShape(try await client.send(.patch, "/api/admin/users/\(adminID)", raw: #"{"disabled":true}"#, token: admin), 409, "cannot_modify_self")
            BadInputTests.expectContractShape(try await client.send(.get, "/api/admin/users?limit=100000", token: admin), 400, "invalid_query")
            BadInputTests.expectContractShape(try await client.send(.get, "/api/admin/users?role=root", token: admin), 400, "invalid_query")
        }
    }
}
