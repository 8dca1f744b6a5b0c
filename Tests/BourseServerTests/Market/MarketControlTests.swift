@testable import BourseServer
import Foundation
import Hummingbird
import HummingbirdTesting
import Realtime
import Testing

@Suite("Market control")
struct MarketControlTests {
    @Test("a trader gets 403 and an anonymous caller 401 on every control endpoint")
    func adminOnly() async throws {
        try await TestApp.run { client, fixture in
            let trader = try await client.trader("ctl-trader@example.com")
            let routes: [(HTTPRequest.Method, String, String?)] = [
                (.get, "/market/control", nil),
                (.put, "/market/control/BTCUSD", #"{"preset":"crash"}"#),
                (.post, "/market/control/BTCUSD/events", #"{"type":"shock","magnitude_pct":"-50","duration_seconds":"1"}"#),
                (.post, "/market/control/halt", "{}"),
                (.post, "/market/control/resume", "{}"),
                (.get, "/market/control/audit", nil),
            ]
            for (method, path, body) in routes {
                BadInputTests.expectContractShape(try await client.send(method, path, raw: body), 401, "unauthorized")
                BadInputTests.expectContractShape(try await client.send(method, path, raw: body, token: trader.access), 403, "admin_only")
            }
            // Nothing changed: the audit log is empty.
            let audit = try await client.send(.get, "/market/control/audit", token: try await client.admin(fixture))
            #expect(audit.status == .ok)
            #expect(audit.array.isEmpty)
        }
    }

    @Test("bad control input is a 400 with the reason (404 for an unknown instrument in the path)")
    func badInput() async throws {
        try await TestApp.run { client, fixture in
            let admin = try await client.admin(fixture)
            let put: [(String, String)] = [
                (#"{"volatility":"9"}"#, "out_of_range"),
                (#"{"volatility":"-0.1"}"#, "out_of_range"),
                (#"{"spread_bps":"5000"}"#, "out_of_range"),
                (#"{"volatility":"NaN"}"#, "not_finite"),
                (#"{"volatility":"inf"}"#, "not_finite"),
                (#"{"volatility":"1e3"}"#, "not_finite"),
                (#"{"volatility":true}"#, "wrong_type"),
                (#"{"preset":"moon"}"#, "unknown_preset"),
                (#"{"volatility":"0.3","ramp_seconds":"-5"}"#, "invalid_ramp"),
                (#"{"ramp_seconds":"5"}"#, "nothing_to_change"),
                (#"{"owner":"alice","volatility":"0.3"}"#, "unknown_field"),
                ("not json", "invalid_json"),
            ]
            for (body, code) in put {
                BadInputTests.expectContractShape(try await client.send(.put, "/market/control/BTCUSD", raw: body, token: admin), 400, code)
            }
            BadInputTests.expectContractShape(try await client.send(.put, "/market/control/NOPE", raw: #"{"preset":"calm"}"#, token: admin), 404, "unknown_symbol")
            let events: [(String, String)] = [
                (#"{"type":"shock","magnitude_pct":"-10","duration_seconds":"5","at":"2020-01-01T00:00:00Z"}"#, "event_in_past"),
                (#"{"type":"meteor","magnitude_pct":"-10","duration_seconds":"5"}"#, "invalid_event"),
                (#"{"type":"shock","magnitude_pct":"-10","duration_seconds":"0"}"#, "invalid_event"),
                (#"{"type":"shock","magnitude_pct":"-10"}"#, "missing_field"),
                (#"{"type":"shock","magnitude_pct":"-10","duration_seconds":"5","at":"tomorrow"}"#, "invalid_time"),
            ]
            for (body, code) in events {
                BadInputTests.expectContractShape(try await client.send(.post, "/market/control/BTCUSD/events", raw: body, token: admin), 400, code)
            }
            BadInputTests.expectContractShape(try await client.send(.post, "/market/control/NOPE/events",
                raw: #"{"type":"shock","magnitude_pct":"-10","duration_seconds":"5"}"#, token: admin), 404, "unknown_symbol")
            BadInputTests.expectContractShape(try await client.send(.post, "/market/control/halt", raw: #"{"symbol":"NOPE"}"#, token: admin), 400, "unknown_symbol")
            BadInputTests.expectContractShape(try await client.send(.post, "/market/control/halt", raw: #"{"symbol":5}"#, token: admin), 400, "wrong_type")
            BadInputTests.expectContractShape(try await client.send(.get, "/market/control/audit?limit=0", token: admin), 400, "invalid_query")
            // None of it was applied or audited.
            #expect(try await client.send(.get, "/market/control/audit", token: admin).array.isEmpty)
        }
    }

    @Test("a control change is applied, audited (who, before, after) and announced on the market channel")
    func auditAndAnnouncement() async throws {
        try await TestApp.run { client, fixture in
            let admin = try await client.admin(fixture)
            let subscription = try await fixture.bus.subscribe([TopicPattern("market")])
            let changed = try await client.send(.put, "/market/control/BTCUSD", raw: #"{"preset":"volatile","ramp_seconds":"30"}"#, token: admin)
            #expect(changed.status == .ok)
            #expect(changed.string("preset") == "volatile")
            #expect((changed["parameters"] as? [String: String])?["volatility"] == "1.2")
            #expect(changed.string("ramp_ends_at") != nil)
            let custom = try await client.send(.put, "/market/control/BTCUSD", json: ["volatility": 0.5, "spread_bps": "12"], token: admin)
            #expect(custom.string("preset") == nil)
            #expect((custom["parameters"] as? [String: String])?["spread_bps"] == "12")
            let event = try await client.send(.post, "/market/control/BTCUSD/events", raw: #"{"type":"trend","magnitude_pct":"5","duration_seconds":"60"}"#, token: admin)
            #expect(event.status == .created)
            #expect(event.string("type") == "trend")

            let audit = try await client.send(.get, "/market/control/audit?symbol=BTCUSD", token: admin)
            #expect(audit.array.map { $0["action"] as? String } == ["schedule_event", "set_scenario", "set_scenario"])
            let first = try #require(audit.array.last)
            #expect(first["actor"] as? String == "admin@bourse.local")
            #expect(((first["before"] as? [String: Any])?["preset"] as? String) == "calm")
            #expect(((first["after"] as? [String: Any])?["preset"] as? String) == "volatile")

            // Every user sees the change on the market channel.
            var announced: [[String: Any]] = []
            for await message in subscription.messages {
                let json = try JSONSerialization.jsonObject(with: Data(message.payload)) as? [String: Any]
                if json?["type"] as? String == "control" { announced.append(json?["data"] as? [String: Any] ?? [:]) }
                if announced.count == 3 { break }
            }
            #expect(announced.map { $0["action"] as? String } == ["set_scenario", "set_scenario", "schedule_event"])
            #expect(announced.allSatisfy { $0["symbol"] as? String == "BTCUSD" })
            // The scenario is visible to the admin with its fair value.
            let control = try await client.send(.get, "/market/control", token: admin)
            let btc = try #require(control.array.first { $0["symbol"] as? String == "BTCUSD" })
            #expect((btc["events"] as? [[String: Any]])?.count == 1)
            #expect(btc["fair_value"] as? String != nil)
        }
    }

    @Test("a halted instrument prints no trades until resumed; halts are audited")
    func haltAndResume() async throws {
        try await TestApp.run { client, fixture in
            let admin = try await client.admin(fixture)
            #expect(try await eventually { try await client.send(.get, "/market/BTCUSD/trades").array.count >= 1 })
            let halted = try await client.send(.post, "/market/control/halt", raw: #"{"symbol":"BTCUSD"}"#, token: admin)
            #expect(halted.status == .ok)
            #expect(halted.array.first?["halted"] as? Bool == true)
            let lastID = try await client.send(.get, "/market/BTCUSD/trades?limit=1").array.first?["id"] as? String
            let quote = try await client.send(.get, "/market/quotes/BTCUSD")
            #expect(quote.string("status") == "halted")
            try await Task.sleep(for: .milliseconds(600))
            #expect(try await client.send(.get, "/market/BTCUSD/trades?limit=1").array.first?["id"] as? String == lastID)
            // Other instruments keep trading meanwhile.
            #expect(try await eventually { try await client.send(.get, "/market/ETHUSD/trades").array.count >= 1 })

            let resumed = try await client.send(.post, "/market/control/resume", raw: "{}", token: admin)
            #expect(resumed.array.allSatisfy { $0["halted"] as? Bool == false })
            #expect(try await eventually { try await client.send(.get, "/market/BTCUSD/trades?limit=1").array.first?["id"] as? String != lastID })
            let audit = try await client.send(.get, "/market/control/audit", token: admin)
            #expect(audit.array.map { $0["action"] as? String } == ["resume", "halt"])
            #expect(audit.array.first?["symbol"] as? String == "*")
        }
    }
}
