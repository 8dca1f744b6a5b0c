import Foundation
import Realtime
import Testing

@Suite("Envelope")
struct EnvelopeTests {
    @Test("encodes the API's envelope byte for byte, with microsecond UTC time")
    func envelope() {
        let bytes = Envelope.encode(
            channel: .market, type: "quote", seq: 1042, micros: 1_767_323_045_678_901, data: json(#"{"symbol":"ACME"}"#)
        )
        #expect(String(decoding: bytes, as: UTF8.self)
            == #"{"channel":"market","type":"quote","seq":1042,"ts":"2026-01-02T03:04:05.678901Z","data":{"symbol":"ACME"}}"#)
    }

    @Test("RFC 3339 around the epoch, leap days and padding")
    func timestamps() {
        #expect(RFC3339.string(micros: 0) == "1970-01-01T00:00:00.000000Z")
        #expect(RFC3339.string(micros: 1_709_251_199_999_999) == "2024-02-29T23:59:59.999999Z")
        #expect(RFC3339.string(micros: -1) == "1969-12-31T23:59:59.999999Z")
        #expect(RFC3339.string(micros: 1_767_323_045_000_007) == "2026-01-02T03:04:05.000007Z")
    }

    @Test("control messages are valid JSON and escape what they carry")
    func control() throws {
        let error = Envelope.error(code: "x", message: "quote \" and\nnewline")
        let object = try #require(try JSONSerialization.jsonObject(with: Data(error)) as? [String: Any])
        #expect(object["type"] as? String == "error")
        #expect(object["message"] as? String == "quote \" and\nnewline")
        #expect(String(decoding: Envelope.pong, as: UTF8.self) == #"{"type":"pong"}"#)
        #expect(String(decoding: Envelope.reset(channel: .trading(userID: "u1")), as: UTF8.self)
            == #"{"type":"reset","channel":"trading.u1"}"#)
    }

    @Test("a message without data carries null")
    func emptyData() {
        let bytes = Envelope.encode(channel: .alerts(userID: "a"), type: "t", seq: 1, micros: 0, data: [])
        #expect(String(decoding: bytes, as: UTF8.self).hasSuffix(#""data":null}"#))
    }
}
