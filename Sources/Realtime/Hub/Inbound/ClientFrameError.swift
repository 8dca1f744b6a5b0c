/// Why a client frame was refused; each is answered with an error message and counted.
public enum ClientFrameError: Error, Sendable, Equatable {
    case binaryFrame
    case oversized(bytes: Int, limit: Int)
    case notJSON
    case missingOp
    case unknownOp(String)
    case invalidField(name: String, reason: String)
    case tooManySymbols(count: Int, limit: Int)

    /// A stable machine-readable code for the error reply.
    public var code: String {
        switch self {
        case .binaryFrame: "binary_frame"
        case .oversized: "frame_too_large"
        case .notJSON: "invalid_json"
        case .missingOp: "missing_op"
        case .unknownOp: "unknown_op"
        case .invalidField: "invalid_field"
        case .tooManySymbols: "too_many_symbols"
        }
    }

    public var message: String {
        switch self {
        case .binaryFrame: "binary frames are not supported; send JSON text"
        case .oversized(let bytes, let limit): "frame of \(bytes) bytes exceeds the limit of \(limit)"
        case .notJSON: "frame is not a JSON object"
        case .missingOp: "missing \"op\""
        case .unknownOp(let op): "unknown op \"\(op.prefix(32))\"; expected subscribe, unsubscribe, ping or auth"
        case .invalidField(let name, let reason): "invalid \"\(name)\": \(reason)"
        case .tooManySymbols(let count, let limit): "\(count) symbols exceeds the limit of \(limit) per connection"
        }
    }

    /// The `{"type":"error",…}` message to send back.
    public var reply: [UInt8] { Envelope.error(code: code, message: message) }
}
