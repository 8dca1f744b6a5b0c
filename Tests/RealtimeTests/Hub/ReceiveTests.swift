import Realtime
import Testing

@Suite("Hub.receive")
struct ReceiveTests {
    @Test("ping is answered with pong; auth is handed to the server")
    func pingAndAuth() async throws {
        let hub = makeHub(ManualClock())
        let subscriber = try await hub.connect(to: .market, identity: nil)
        #expect(await hub.receive(.text(#"{"op":"ping"}"#), from: subscriber) == .handled)
        #expect(await drain(subscriber) == [.text(Envelope.pong)])
        #expect(await hub.receive(.text(#"{"op":"auth","token":"t0k"}"#), from: subscriber) == .authenticate(token: "t0k"))
    }

    @Test("bad frames get an error reply each and are counted; the connection stays open")
    func badFrames() async throws {
        let hub = makeHub(ManualClock())
        let subscriber = try await hub.connect(to: .market, identity: nil)
        for frame: InboundFrame in [.text("{"), .text(#"{"op":"x"}"#), .binary([0xFF]), .text(String(repeating: " ", count: 9000))] {
            #expect(await hub.receive(frame, from: subscriber) == .handled)
        }
        let codes = objects(await drain(subscriber)).map { $0["code"] as? String }
        #expect(codes == ["invalid_json", "unknown_op", "binary_frame", "frame_too_large"])
        let stats = await hub.stats()
        #expect(stats.badFrames == 4)
        #expect(stats.clientFramesTotal == 4)
        #expect(!subscriber.isClosed)
    }

    @Test("channel subscriptions by op follow the access rules and resume")
    func channelOps() async throws {
        let hub = makeHub(ManualClock())
        for _ in 0..<3 { await hub.publish(channel: .alerts(userID: "alice"), type: "alert", data: json("{}")) }
        let anonymous = try await hub.connect(to: .market, identity: nil)
        _ = await hub.receive(.text(#"{"op":"subscribe","channel":"alerts.alice"}"#), from: anonymous)
        #expect(objects(await drain(anonymous)).first?["code"] as? String == "unauthenticated")

        let subscriber = try await hub.connect(to: .market, identity: nil)
        await hub.authenticate(subscriber, as: alice)
        _ = await hub.receive(.text(#"{"op":"subscribe","channel":"alerts.bob"}"#), from: subscriber)
        #expect(objects(await drain(subscriber)).first?["code"] as? String == "forbidden")
        _ = await hub.receive(.text(#"{"op":"subscribe","channel":"alerts.alice","last_seq":1}"#), from: subscriber)
        let frames = objects(await drain(subscriber))
        #expect(frames.map { $0["type"] as? String } == ["subscribed", "alert", "alert"])
        #expect(frames.dropFirst().map { $0["seq"] as? Int } == [2, 3])
    }

    @Test("authenticating as someone else closes a private connection with 4403")
    func reauthenticate() async throws {
        let hub = makeHub(ManualClock())
        let subscriber = try await hub.connect(to: .trading(userID: "alice"), identity: alice)
        await hub.authenticate(subscriber, as: bob)
        #expect(await drain(subscriber) == [.close(.forbidden())])
        #expect(subscriber.closeReason?.code == 4403)
    }

    @Test("exceeding the rate limit closes the connection; time refills the bucket")
    func rateLimit() async throws {
        let clock = ManualClock()
        let hub = makeHub(clock) {
            $0.rateLimitBurst = 5
            $0.rateLimitPerSecond = 1
        }
        let patient = try await hub.connect(to: .market, identity: nil)
        for _ in 0..<20 {
            #expect(await hub.receive(.text(#"{"op":"ping"}"#), from: patient) == .handled)
            clock.advance(.seconds(1))
        }

        let flooder = try await hub.connect(to: .market, identity: nil)
        for _ in 0..<5 { #expect(await hub.receive(.text(#"{"op":"ping"}"#), from: flooder) == .handled) }
        #expect(await hub.receive(.text(#"{"op":"ping"}"#), from: flooder) == .close(.rateLimited))
        #expect(await hub.receive(.text(#"{"op":"ping"}"#), from: flooder) == .close(.rateLimited), "stays closed")
        let frames = await drain(flooder)
        #expect(frames.count == 6)
        #expect(frames.last == .close(.rateLimited))
        let stats = await hub.stats()
        #expect(stats.rateLimitedDisconnects == 1)
        #expect(stats.connections == 1)
        #expect(!patient.isClosed)
    }
}
