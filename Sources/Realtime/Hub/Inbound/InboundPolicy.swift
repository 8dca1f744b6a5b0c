/// The per-connection inbound state machine: rate limit, then shape checks, then parsing.
/// Pure given the time, so its decisions are testable without a hub or a socket.
public struct InboundPolicy: Sendable {
    /// What one connection carries between frames.
    public struct State: Sendable, Equatable {
        public var bucket: TokenBucket
        public var badFrames = 0
        public var frames = 0

        public init(bucket: TokenBucket) {
            self.bucket = bucket
        }
    }

    /// What to do with one frame.
    public enum Decision: Sendable, Equatable {
        case command(ClientCommand)
        /// Answer with `error.reply`; the frame is counted as bad.
        case reject(ClientFrameError)
        /// The client exceeded its rate: close the connection.
        case close(CloseReason)
    }

    public let parser: ClientFrameParser
    public let rateBurst: Int
    public let ratePerSecond: Double

    public init(parser: ClientFrameParser, rateBurst: Int, ratePerSecond: Double) {
        self.parser = parser
        self.rateBurst = rateBurst
        self.ratePerSecond = ratePerSecond
    }

    public func initialState() -> State {
        State(bucket: TokenBucket(burst: rateBurst, perSecond: ratePerSecond))
    }

    public func evaluate(_ frame: InboundFrame, state: inout State, nowMicros: Int64) -> Decision {
        state.frames += 1
        // Every frame costs a token, bad ones included, so garbage cannot be sent faster.
        guard state.bucket.take(nowMicros: nowMicros) else { return .close(.rateLimited) }
        switch parser.parse(frame) {
        case .success(let command):
            return .command(command)
        case .failure(let error):
            state.badFrames += 1
            return .reject(error)
        }
    }
}
