#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif

/// The hub's time source, microseconds since the Unix epoch; injected so tests control time.
/// Wall time, because envelope `ts` lets clients measure latency against their own clocks.
public struct HubClock: Sendable {
    public let nowMicros: @Sendable () -> Int64

    public init(nowMicros: @escaping @Sendable () -> Int64) {
        self.nowMicros = nowMicros
    }

    public static let system = HubClock {
        var spec = timespec()
        clock_gettime(CLOCK_REALTIME, &spec)
        return Int64(spec.tv_sec) * 1_000_000 + Int64(spec.tv_nsec) / 1000
    }
}

extension Duration {
    /// Whole microseconds, for the hub's integer clock.
    var microseconds: Int64 {
        let (seconds, attoseconds) = components
        return seconds * 1_000_000 + attoseconds / 1_000_000_000_000
    }
}
