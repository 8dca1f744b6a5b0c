import Foundation
import NIOCore

/// Reads the `"ts"` of a push envelope (`"2026-01-02T03:04:05.678901Z"`, microseconds, UTC) as
/// microseconds since 1970, straight from the frame's bytes: the receive loop handles hundreds of
/// thousands of frames a second and must not build strings or dates for each.
enum EnvelopeTime {
    private static let key = Array(#""ts":""#.utf8)

    static func micros(in buffer: ByteBuffer) -> Int64? {
        buffer.withUnsafeReadableBytes { bytes -> Int64? in
            guard let start = find(key, in: bytes) else { return nil }
            let at = start + key.count
            guard bytes.count >= at + 27 else { return nil }
            func digits(_ offset: Int, _ count: Int) -> Int? {
                var value = 0
                for i in 0..<count {
                    let byte = bytes[at + offset + i]
                    guard byte >= 48, byte <= 57 else { return nil }
                    value = value * 10 + Int(byte - 48)
                }
                return value
            }
            guard let year = digits(0, 4), let month = digits(5, 2), let day = digits(8, 2),
                  let hour = digits(11, 2), let minute = digits(14, 2), let second = digits(17, 2),
                  let fraction = digits(20, 6) else { return nil }
            let days = daysFromCivil(year: year, month: month, day: day)
            return (Int64(days) * 86_400 + Int64(hour * 3600 + minute * 60 + second)) * 1_000_000 + Int64(fraction)
        }
    }

    private static func find(_ needle: [UInt8], in haystack: UnsafeRawBufferPointer) -> Int? {
        guard haystack.count >= needle.count else { return nil }
        var index = 0
        while index <= haystack.count - needle.count {
            if haystack[index] == needle[0] {
                var match = true
                for offset in 1..<needle.count where haystack[index + offset] != needle[offset] {
                    match = false
                    break
                }
                if match { return index }
            }
            index += 1
        }
        return nil
    }

    /// Days since 1970-01-01 of a proleptic Gregorian date (Howard Hinnant's algorithm).
    static func daysFromCivil(year: Int, month: Int, day: Int) -> Int {
        let y = month <= 2 ? year - 1 : year
        let era = (y >= 0 ? y : y - 399) / 400
        let yoe = y - era * 400
        let mp = (month + 9) % 12
        let doy = (153 * mp + 2) / 5 + day - 1
        let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy
        return era * 146_097 + doe - 719_468
    }

    static func nowMicros() -> Int64 {
        var spec = timespec()
        clock_gettime(CLOCK_REALTIME, &spec)
        return Int64(spec.tv_sec) * 1_000_000 + Int64(spec.tv_nsec) / 1000
    }
}
