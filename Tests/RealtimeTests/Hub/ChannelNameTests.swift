import Realtime
import Testing

@Suite("Channels and authorisation")
struct ChannelNameTests {
    @Test("parse and format round-trip", arguments: ["market", "trading.u-1", "admin.9f3c", "notifications.abc_D", "alerts.x"])
    func roundTrip(text: String) throws {
        let channel = try #require(ChannelName(text))
        #expect(channel.description == text)
    }

    @Test("rejects unknown kinds, missing or unsafe user ids", arguments: ["", "market.x", "trading", "trading.", "orders.u1", "trading.a.b", "alerts.a b", "admin.\"x"])
    func rejects(text: String) {
        #expect(ChannelName(text) == nil)
    }

    @Test("kinds and user ids")
    func parts() {
        #expect(ChannelName("trading.u1") == .trading(userID: "u1"))
        #expect(ChannelName(kind: .notifications, userID: "u1") == .notifications(userID: "u1"))
        #expect(ChannelName(kind: .market, userID: nil) == .market)
        #expect(ChannelName(kind: .alerts, userID: nil) == nil)
        #expect(ChannelName.admin(userID: "z").kind == .admin)
        #expect(ChannelName.market.userID == nil)
    }

    struct Case: Sendable, CustomTestStringConvertible {
        let channel: String
        let subject: String?
        let admin: Bool
        let expected: ChannelAccess
        var testDescription: String { "\(subject ?? "anonymous")\(admin ? " (admin)" : "") → \(channel)" }
    }

    static let table: [Case] = [
        Case(channel: "market", subject: nil, admin: false, expected: .allow),
        Case(channel: "market", subject: "a", admin: false, expected: .allow),
        Case(channel: "trading.a", subject: nil, admin: false, expected: .unauthenticated),
        Case(channel: "trading.a", subject: "a", admin: false, expected: .allow),
        Case(channel: "trading.a", subject: "b", admin: false, expected: .forbidden),
        Case(channel: "trading.a", subject: "root", admin: true, expected: .allow),
        Case(channel: "notifications.a", subject: nil, admin: false, expected: .unauthenticated),
        Case(channel: "notifications.a", subject: "a", admin: false, expected: .allow),
        Case(channel: "notifications.a", subject: "b", admin: false, expected: .forbidden),
        Case(channel: "notifications.a", subject: "root", admin: true, expected: .allow),
        Case(channel: "alerts.a", subject: nil, admin: false, expected: .unauthenticated),
        Case(channel: "alerts.a", subject: "a", admin: false, expected: .allow),
        Case(channel: "alerts.a", subject: "b", admin: false, expected: .forbidden),
        Case(channel: "alerts.a", subject: "root", admin: true, expected: .allow),
        Case(channel: "admin.root", subject: nil, admin: false, expected: .unauthenticated),
        Case(channel: "admin.a", subject: "a", admin: false, expected: .forbidden),
        Case(channel: "admin.root", subject: "root", admin: true, expected: .allow),
        Case(channel: "admin.other", subject: "root", admin: true, expected: .allow),
    ]

    @Test("the API's access rules and close codes", arguments: table)
    func access(_ row: Case) throws {
        let channel = try #require(ChannelName(row.channel))
        let access = authorize(channel: channel, subject: row.subject, isAdmin: row.admin)
        #expect(access == row.expected)
        switch row.expected {
        case .allow: #expect(access.closeCode == nil)
        case .unauthenticated: #expect(access.closeCode == 4401)
        case .forbidden: #expect(access.closeCode == 4403)
        }
    }

    @Test("the hub refuses connections the rules refuse")
    func hubConnect() async throws {
        let hub = Hub(clock: ManualClock().hubClock)
        await #expect(throws: HubError.unauthenticated) { try await hub.connect(to: .trading(userID: "alice"), identity: nil) }
        await #expect(throws: HubError.forbidden) { try await hub.connect(to: .trading(userID: "alice"), identity: bob) }
        await #expect(throws: HubError.forbidden) { try await hub.connect(to: .admin(userID: "alice"), identity: alice) }
        _ = try await hub.connect(to: .trading(userID: "alice"), identity: alice)
        _ = try await hub.connect(to: .trading(userID: "alice"), identity: root)
        _ = try await hub.connect(to: .market, identity: nil)
        #expect(HubError.unauthenticated.closeCode == 4401)
        #expect(HubError.forbidden.closeCode == 4403)
    }
}
