/// The top-level members of a JSON object as byte ranges of the original text, so a bus payload's
/// `data` can be forwarded verbatim (no decode and re-encode, no reordering, exact numbers).
/// Every value is checked to be well-formed while it is skipped, since it ends up inside
/// envelopes that clients parse.
struct RawJSONObject {
    let bytes: [UInt8]
    private(set) var members: [(key: String, value: Range<Int>)] = []

    /// Nil unless `bytes` is exactly one well-formed JSON object (surrounding whitespace allowed).
    init?(_ bytes: [UInt8]) {
        self.bytes = bytes
        var scanner = Scanner(bytes: bytes)
        scanner.skipWhitespace()
        guard scanner.peek == UInt8(ascii: "{") else { return nil }
        scanner.index += 1
        scanner.skipWhitespace()
        if scanner.peek == UInt8(ascii: "}") {
            scanner.index += 1
        } else {
            while true {
                scanner.skipWhitespace()
                guard let key = scanner.readString() else { return nil }
                scanner.skipWhitespace()
                guard scanner.peek == UInt8(ascii: ":") else { return nil }
                scanner.index += 1
                scanner.skipWhitespace()
                let start = scanner.index
                guard scanner.skipValue(depth: 0) else { return nil }
                members.append((key, start..<scanner.index))
                scanner.skipWhitespace()
                if scanner.peek == UInt8(ascii: ",") {
                    scanner.index += 1
                    continue
                }
                guard scanner.peek == UInt8(ascii: "}") else { return nil }
                scanner.index += 1
                break
            }
        }
        scanner.skipWhitespace()
        guard scanner.index == bytes.count else { return nil }
    }

    /// The raw bytes of member `key`'s value.
    func raw(_ key: String) -> ArraySlice<UInt8>? {
        members.first { $0.key == key }.map { bytes[$0.value] }
    }

    /// Member `key` decoded as a string; nil when absent or not a string.
    func string(_ key: String) -> String? {
        guard let range = members.first(where: { $0.key == key })?.value else { return nil }
        var scanner = Scanner(bytes: bytes, index: range.lowerBound)
        return scanner.readString()
    }

    private struct Scanner {
        let bytes: [UInt8]
        var index = 0
        static let maxDepth = 64

        var peek: UInt8? { index < bytes.count ? bytes[index] : nil }

        mutating func skipWhitespace() {
            while let byte = peek, byte == 0x20 || byte == 0x0A || byte == 0x0D || byte == 0x09 { index += 1 }
        }

        mutating func skipValue(depth: Int) -> Bool {
            guard depth < Self.maxDepth, let byte = peek else { return false }
            switch byte {
            case UInt8(ascii: "\""): return readString() != nil
            case UInt8(ascii: "{"): return skipContainer(close: UInt8(ascii: "}"), keyed: true, depth: depth)
            case UInt8(ascii: "["): return skipContainer(close: UInt8(ascii: "]"), keyed: false, depth: depth)
            case UInt8(ascii: "t"): return skipLiteral("true")
            case UInt8(ascii: "f"): return skipLiteral("false")
            case UInt8(ascii: "n"): return skipLiteral("null")
            default: return skipNumber()
            }
        }

        private mutating func skipContainer(close: UInt8, keyed: Bool, depth: Int) -> Bool {
            index += 1
            skipWhitespace()
            if peek == close {
                index += 1
                return true
            }
            while true {
                skipWhitespace()
                if keyed {
                    guard readString() != nil else { return false }
                    skipWhitespace()
                    guard peek == UInt8(ascii: ":") else { return false }
                    index += 1
                    skipWhitespace()
                }
                guard skipValue(depth: depth + 1) else { return false }
                skipWhitespace()
                if peek == UInt8(ascii: ",") {
                    index += 1
                    continue
                }
                guard peek == close else { return false }
                index += 1
                return true
            }
        }

        private mutating func skipLiteral(_ literal: StaticString) -> Bool {
            let count = literal.utf8CodeUnitCount
            guard index + count <= bytes.count else { return false }
            for offset in 0..<count where bytes[index + offset] != literal.utf8Start[offset] { return false }
            index += count
            return true
        }

        private mutating func skipNumber() -> Bool {
            let start = index
            if peek == UInt8(ascii: "-") { index += 1 }
            guard skipDigits() else { return false }
            // JSON forbids leading zeros ("01").
            let integerStart = bytes[start] == UInt8(ascii: "-") ? start + 1 : start
            if bytes[integerStart] == UInt8(ascii: "0"), index - integerStart > 1 { return false }
            if peek == UInt8(ascii: ".") {
                index += 1
                guard skipDigits() else { return false }
            }
            if peek == UInt8(ascii: "e") || peek == UInt8(ascii: "E") {
                index += 1
                if peek == UInt8(ascii: "+") || peek == UInt8(ascii: "-") { index += 1 }
                guard skipDigits() else { return false }
            }
            return true
        }

        private mutating func skipDigits() -> Bool {
            let start = index
            while let byte = peek, byte >= UInt8(ascii: "0"), byte <= UInt8(ascii: "9") { index += 1 }
            return index > start
        }

        /// Reads a JSON string at the current position, decoding escapes.
        mutating func readString() -> String? {
            guard peek == UInt8(ascii: "\"") else { return nil }
            index += 1
            var out: [UInt8] = []
            while let byte = peek {
                index += 1
                switch byte {
                case UInt8(ascii: "\""):
                    return String(validating: out, as: UTF8.self)
                case UInt8(ascii: "\\"):
                    guard let escaped = peek else { return nil }
                    index += 1
                    switch escaped {
                    case UInt8(ascii: "\""), UInt8(ascii: "\\"), UInt8(ascii: "/"): out.append(escaped)
                    case UInt8(ascii: "b"): out.append(0x08)
                    case UInt8(ascii: "f"): out.append(0x0C)
                    case UInt8(ascii: "n"): out.append(0x0A)
                    case UInt8(ascii: "r"): out.append(0x0D)
                    case UInt8(ascii: "t"): out.append(0x09)
                    case UInt8(ascii: "u"):
                        guard let scalar = readUnicodeEscape() else { return nil }
                        out.append(contentsOf: Array(String(Character(scalar)).utf8))
                    default: return nil
                    }
                case 0..<0x20:
                    return nil
                default:
                    out.append(byte)
                }
            }
            return nil
        }

        private mutating func readUnicodeEscape() -> Unicode.Scalar? {
            guard let high = readHex4() else { return nil }
            if (0xD800..<0xDC00).contains(high) {
                guard peek == UInt8(ascii: "\\"), index + 1 < bytes.count, bytes[index + 1] == UInt8(ascii: "u") else { return nil }
                index += 2
                guard let low = readHex4(), (0xDC00..<0xE000).contains(low) else { return nil }
                return Unicode.Scalar(0x10000 + ((high - 0xD800) << 10) + (low - 0xDC00))
            }
            return Unicode.Scalar(high)
        }

        private mutating func readHex4() -> UInt32? {
            guard index + 4 <= bytes.count else { return nil }
            var value: UInt32 = 0
            for _ in 0..<4 {
                let byte = bytes[index]
                index += 1
                let digit: UInt8
                switch byte {
                case UInt8(ascii: "0")...UInt8(ascii: "9"): digit = byte - UInt8(ascii: "0")
                case UInt8(ascii: "a")...UInt8(ascii: "f"): digit = byte - UInt8(ascii: "a") + 10
                case UInt8(ascii: "A")...UInt8(ascii: "F"): digit = byte - UInt8(ascii: "A") + 10
                default: return nil
                }
                value = value << 4 | UInt32(digit)
            }
            return value
        }
    }
}
