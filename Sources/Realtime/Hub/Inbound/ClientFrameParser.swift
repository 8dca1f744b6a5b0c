#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif

/// Turns a client text frame into a `ClientCommand` or the `ClientFrameError` to answer with.
/// Pure: no hub state, so the server can also use it for the first `auth` message before a
/// connection is admitted.
public struct ClientFrameParser: Sendable {
    public var maxFrameBytes: Int
    public var maxSymbols: Int
    /// Longer strings cannot be real symbols and would only cost memory in filters.
    public var maxSymbolLength = 32

    public init(maxFrameBytes: Int, maxSymbols: Int) {
        self.maxFrameBytes = maxFrameBytes
        self.maxSymbols = maxSymbols
    }

    private struct Wire: Decodable {
        let op: String?
        let symbols: [String]?
        let channel: String?
        let token: String?
        let lastSeq: UInt64?

        enum CodingKeys: String, CodingKey {
            case op, symbols, channel, token
            case lastSeq = "last_seq"
        }
    }

    public func parse(_ frame: InboundFrame) -> Result<ClientCommand, ClientFrameError> {
        switch frame {
        case .binary: .failure(.binaryFrame)
        case .text(let bytes): parse(text: bytes)
        }
    }

    public func parse(text bytes: [UInt8]) -> Result<ClientCommand, ClientFrameError> {
        guard bytes.count <= maxFrameBytes else { return .failure(.oversized(bytes: bytes.count, limit: maxFrameBytes)) }
        let wire: Wire
        do {
            wire = try JSONDecoder().decode(Wire.self, from: Data(bytes))
        } catch let DecodingError.typeMismatch(_, context) where !context.codingPath.isEmpty {
            return .failure(.invalidField(name: context.codingPath[0].stringValue, reason: "wrong type"))
        } catch let DecodingError.dataCorrupted(context) where !context.codingPath.isEmpty {
            return .failure(.invalidField(name: context.codingPath[0].stringValue, reason: "invalid value"))
        } catch {
            return .failure(.notJSON)
        }
        guard let op = wire.op else { return .failure(.missingOp) }
        switch op {
        case "ping":
            return .success(.ping)
        case "auth":
            guard let token = wire.token, !token.isEmpty else {
                return .failure(.invalidField(name: "token", reason: "a token is required"))
            }
            return .success(.auth(token: token))
        case "subscribe", "unsubscribe":
            let channel: ChannelName
            if let name = wire.channel {
                guard let parsed = ChannelName(name) else {
                    return .failure(.invalidField(name: "channel", reason: "unknown channel"))
                }
                channel = parsed
            } else {
                channel = .market
            }
            let symbols = wire.symbols ?? []
            if !symbols.isEmpty, channel != .market {
                return .failure(.invalidField(name: "symbols", reason: "only the market channel has symbols"))
            }
            guard symbols.count <= maxSymbols else {
                return .failure(.tooManySymbols(count: symbols.count, limit: maxSymbols))
            }
            if symbols.contains(where: { $0.isEmpty || $0.utf8.count > maxSymbolLength }) {
                return .failure(.invalidField(name: "symbols", reason: "a symbol is empty or too long"))
            }
            return .success(op == "subscribe"
                ? .subscribe(channel: channel, symbols: symbols, lastSeq: wire.lastSeq)
                : .unsubscribe(channel: channel, symbols: symbols))
        default:
            return .failure(.unknownOp(op))
        }
    }
}
