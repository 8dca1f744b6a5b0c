/// The bytes of server messages: channel envelopes and the few control notices.
public enum Envelope {
    /// `{"channel":…,"type":…,"seq":…,"ts":…,"data":…}`; `data` must already be JSON.
    public static func encode(channel: ChannelName, type: String, seq: UInt64, micros: Int64, data: [UInt8]) -> [UInt8] {
        var out: [UInt8] = []
        out.reserveCapacity(96 + data.count)
        appendHead(channel: channel, to: &out)
        appendTail(type: type, seq: seq, micros: micros, data: data, to: &out)
        return out
    }

    /// `{"channel":"<name>",` — cached per channel so publishing does not rebuild it.
    static func appendHead(channel: ChannelName, to out: inout [UInt8]) {
        out.append(contentsOf: Array(#"{"channel":"#.utf8))
        JSONText.appendString(channel.description, to: &out)
        out.append(UInt8(ascii: ","))
    }

    static func appendTail(type: String, seq: UInt64, micros: Int64, data: [UInt8], to out: inout [UInt8]) {
        out.append(contentsOf: #""type":"#.utf8)
        JSONText.appendString(type, to: &out)
        out.append(contentsOf: #","seq":"#.utf8)
        JSONText.appendInteger(seq, to: &out)
        out.append(contentsOf: #","ts":""#.utf8)
        RFC3339.append(micros: micros, to: &out)
        out.append(contentsOf: #"","data":"#.utf8)
        out.append(contentsOf: data.isEmpty ? Array("null".utf8) : data)
        out.append(UInt8(ascii: "}"))
    }

    /// The last message a lagging subscriber gets before it is closed.
    public static let lagging: [UInt8] = JSONText.object(["type": "lagging", "reason": "outbound queue full"])

    /// The answer to a client `ping`.
    public static let pong: [UInt8] = JSONText.object(["type": "pong"])

    /// Tells a resuming client that the gap is no longer held and it must refetch.
    public static func reset(channel: ChannelName) -> [UInt8] {
        JSONText.object(["type": "reset", "channel": channel.description])
    }

    /// An error reply to a client frame: a stable `code` and a human-readable `message`.
    public static func error(code: String, message: String) -> [UInt8] {
        JSONText.object(["type": "error", "code": code, "message": message])
    }

    /// Acknowledges a subscription change, echoing the filter now in force.
    static func subscription(type: String, channel: ChannelName, filter: SymbolFilter?) -> [UInt8] {
        var out = Array(#"{"type":"#.utf8)
        JSONText.appendString(type, to: &out)
        out.append(contentsOf: #","channel":"#.utf8)
        JSONText.appendString(channel.description, to: &out)
        if let filter {
            out.append(contentsOf: #","symbols":"#.utf8)
            switch filter {
            case .all:
                out.append(contentsOf: #"["*"]"#.utf8)
            case .only(let symbols):
                out.append(UInt8(ascii: "["))
                for (index, symbol) in symbols.sorted().enumerated() {
                    if index > 0 { out.append(UInt8(ascii: ",")) }
                    JSONText.appendString(symbol, to: &out)
                }
                out.append(UInt8(ascii: "]"))
            }
        }
        out.append(UInt8(ascii: "}"))
        return out
    }
}
