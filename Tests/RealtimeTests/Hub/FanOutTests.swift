import Realtime
import Testing

@Suite("Fan-out")
struct FanOutTests {
    @Test("one market message to 10,000 subscribers is encoded once and its bytes shared")
    func sharedBytes() async throws {
        let hub = makeHub(ManualClock())
        var subscribers: [Subscriber] = []
        for _ in 0..<10_000 { subscribers.append(try await hub.connect(to: .market, identity: nil)) }
        let seq = await hub.publish(channel: .market, type: "quote", data: json(#"{"symbol":"ACME"}"#), symbol: "ACME")
        #expect(seq == 1)
        var addresses = Set<UInt>()
        for subscriber in subscribers {
            let frames = await drain(subscriber)
            guard frames.count == 1, case .text(let bytes) = frames[0] else {
                Issue.record("expected one frame")
                return
            }
            bytes.withUnsafeBufferPointer { addresses.insert(UInt(bitPattern: $0.baseAddress)) }
        }
        #expect(addresses.count == 1, "every subscriber holds the same buffer")
        #expect(await hub.stats().messagesOutTotal == 10_000)
    }
}
