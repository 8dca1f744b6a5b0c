import NIOCore

/// An incremental RESP decoder: feed it bytes as they arrive, take complete values out.
///
/// Aggregates are built on an explicit stack and every finished element is consumed from the buffer
/// at once, so a large reply arriving in many reads is parsed once, not re-parsed on each read.
public struct RESPParser: Sendable {
    private enum AggregateKind {
        case array, set, push, map, attribute
    }

    private struct Frame {
        var kind: AggregateKind
        var expected: Int
        var elements: [RedisValue]
    }

    /// What one complete wire element turned out to be.
    private enum Element {
        case value(RedisValue)
        case aggregate(AggregateKind, count: Int)
    }

    public let limits: RESPLimits
    private var stack: [Frame] = []

    public init(limits: RESPLimits = RESPLimits()) {
        self.limits = limits
    }

    /// Returns the next complete top-level value, or nil when more bytes are needed.
    /// Consumes exactly the bytes of the elements it has parsed; the rest stays in `buffer`.
    public mutating func next(from buffer: inout ByteBuffer) throws(RedisError) -> RedisValue? {
        while let element = try readElement(from: &buffer) {
            switch element {
            case .value(let value):
                if let done = fold(value) { return done }
            case .aggregate(let kind, let count):
                if count == 0 {
                    // An empty attribute annotates nothing; the value it precedes is read next.
                    if kind == .attribute { continue }
                    if let done = fold(Self.finish(kind, elements: [])) { return done }
                    continue
                }
                guard stack.count < limits.maxDepth else {
                    throw .protocolError("aggregates nested deeper than \(limits.maxDepth)")
                }
                // Reserve a little only: the count is the peer's claim, not yet backed by bytes.
                var elements: [RedisValue] = []
                elements.reserveCapacity(min(count, 1024))
                stack.append(Frame(kind: kind, expected: count, elements: elements))
            }
        }
        return nil
    }

    /// Adds a finished value to the aggregate being built; returns it when it completes a top-level value.
    private mutating func fold(_ value: RedisValue) -> RedisValue? {
        var value: RedisValue? = value
        while let current = value {
            guard var top = stack.popLast() else { return current }
            top.elements.append(current)
            guard top.elements.count == top.expected else {
                stack.append(top)
                return nil
            }
            // An attribute annotates the value that follows it; it is read and dropped.
            value = top.kind == .attribute ? nil : Self.finish(top.kind, elements: top.elements)
        }
        return nil
    }

    private static func finish(_ kind: AggregateKind, elements: [RedisValue]) -> RedisValue {
        switch kind {
        case .array: return .array(elements)
        case .set: return .set(elements)
        case .push: return .push(elements)
        case .map, .attribute:
            var pairs: [RedisValue.Pair] = []
            pairs.reserveCapacity(elements.count / 2)
            var index = 0
            while index + 1 < elements.count {
                pairs.append(RedisValue.Pair(key: elements[index], value: elements[index + 1]))
                index += 2
            }
            return .map(pairs)
        }
    }

    private static let cr = UInt8(ascii: "\r")
    private static let lf = UInt8(ascii: "\n")

    /// Reads one element if all of its bytes are present; otherwise leaves `buffer` untouched.
    private func readElement(from buffer: inout ByteBuffer) throws(RedisError) -> Element? {
        let start = buffer.readerIndex
        guard let type = buffer.getInteger(at: start, as: UInt8.self) else { return nil }
        guard let lineEnd = try findLineEnd(in: buffer, from: start + 1) else { return nil }
        let line = buffer.getBytes(at: start + 1, length: lineEnd - start - 1) ?? []
        let afterLine = lineEnd + 2

        switch type {
        case UInt8(ascii: "+"):
            buffer.moveReaderIndex(to: afterLine)
            return .value(.simpleString(String(decoding: line, as: UTF8.self)))
        case UInt8(ascii: "-"):
            buffer.moveReaderIndex(to: afterLine)
            return .value(.error(String(decoding: line, as: UTF8.self)))
        case UInt8(ascii: ":"):
            let value = try Self.parseInteger(line, what: "integer")
            buffer.moveReaderIndex(to: afterLine)
            return .value(.integer(value))
        case UInt8(ascii: "_"):
            guard line.isEmpty else { throw .protocolError("RESP3 null with a payload") }
            buffer.moveReaderIndex(to: afterLine)
            return .value(.null)
        case UInt8(ascii: "#"):
            let value: Bool
            switch line {
            case [UInt8(ascii: "t")]: value = true
            case [UInt8(ascii: "f")]: value = false
            default: throw .protocolError("invalid RESP3 boolean \(Self.printable(line))")
            }
            buffer.moveReaderIndex(to: afterLine)
            return .value(.boolean(value))
        case UInt8(ascii: ","):
            guard let value = Double(String(decoding: line, as: UTF8.self)) else {
                throw .protocolError("invalid RESP3 double \(Self.printable(line))")
            }
            buffer.moveReaderIndex(to: afterLine)
            return .value(.double(value))
        case UInt8(ascii: "("):
            let text = String(decoding: line, as: UTF8.self)
            let digits = text.hasPrefix("-") || text.hasPrefix("+") ? text.dropFirst() : Substring(text)
            guard !digits.isEmpty, digits.allSatisfy(\.isASCII), digits.allSatisfy(\.isNumber) else {
                throw .protocolError("invalid RESP3 big number \(Self.printable(line))")
            }
            buffer.moveReaderIndex(to: afterLine)
            return .value(.bigNumber(text))
        case UInt8(ascii: "$"), UInt8(ascii: "="), UInt8(ascii: "!"):
            let length = try Self.parseInteger(line, what: "bulk length")
            if length == -1 && type == UInt8(ascii: "$") {
                buffer.moveReaderIndex(to: afterLine)
                return .value(.null)
            }
            guard length >= 0 else { throw .protocolError("negative bulk length \(length)") }
            guard length <= limits.maxBulkLength else {
                throw .protocolError("bulk of \(length) bytes exceeds the limit of \(limits.maxBulkLength)")
            }
            // Wait for the payload and its CRLF before consuming anything.
            guard buffer.writerIndex - afterLine >= length + 2 else { return nil }
            guard buffer.getInteger(at: afterLine + length, as: UInt8.self) == Self.cr,
                  buffer.getInteger(at: afterLine + length + 1, as: UInt8.self) == Self.lf
            else { throw .protocolError("bulk of \(length) bytes not followed by CRLF") }
            let payload = buffer.getBytes(at: afterLine, length: length) ?? []
            buffer.moveReaderIndex(to: afterLine + length + 2)
            switch type {
            case UInt8(ascii: "!"):
                return .value(.error(String(decoding: payload, as: UTF8.self)))
            case UInt8(ascii: "="):
                // Verbatim strings start with a three-letter format and a colon ("txt:").
                guard payload.count >= 4, payload[3] == UInt8(ascii: ":") else {
                    throw .protocolError("verbatim string without its format prefix")
                }
                return .value(.bulkString(Array(payload.dropFirst(4))))
            default:
                return .value(.bulkString(payload))
            }
        case UInt8(ascii: "*"), UInt8(ascii: "~"), UInt8(ascii: ">"), UInt8(ascii: "%"), UInt8(ascii: "|"):
            let count = try Self.parseInteger(line, what: "aggregate length")
            if count == -1 && type == UInt8(ascii: "*") {
                buffer.moveReaderIndex(to: afterLine)
                return .value(.null)
            }
            guard count >= 0 else { throw .protocolError("negative aggregate length \(count)") }
            let isPaired = type == UInt8(ascii: "%") || type == UInt8(ascii: "|")
            let elements = isPaired ? count.multipliedReportingOverflow(by: 2) : (partialValue: count, overflow: false)
            guard !elements.overflow, elements.partialValue <= limits.maxAggregateCount else {
                throw .protocolError("aggregate of \(count) elements exceeds the limit of \(limits.maxAggregateCount)")
            }
            let kind: AggregateKind = switch type {
            case UInt8(ascii: "~"): .set
            case UInt8(ascii: ">"): .push
            case UInt8(ascii: "%"): .map
            case UInt8(ascii: "|"): .attribute
            default: .array
            }
            buffer.moveReaderIndex(to: afterLine)
            return .aggregate(kind, count: elements.partialValue)
        default:
            throw .protocolError("unknown RESP type byte 0x\(String(type, radix: 16))")
        }
    }

    /// Index of the CR of the first CRLF after `from`, nil if not yet received.
    private func findLineEnd(in buffer: ByteBuffer, from: Int) throws(RedisError) -> Int? {
        let view = buffer.readableBytesView
        let searchStart = view.startIndex + (from - buffer.readerIndex)
        guard let lf = view[searchStart...].firstIndex(of: Self.lf) else {
            if view.endIndex - searchStart > limits.maxLineLength {
                throw .protocolError("line longer than \(limits.maxLineLength) bytes without CRLF")
            }
            return nil
        }
        let crIndex = lf - 1
        guard crIndex >= searchStart, view[crIndex] == Self.cr else {
            throw .protocolError("line terminated by LF without CR")
        }
        if crIndex - searchStart > limits.maxLineLength {
            throw .protocolError("line longer than \(limits.maxLineLength) bytes")
        }
        return buffer.readerIndex + (crIndex - view.startIndex)
    }

    private static func parseInteger(_ bytes: [UInt8], what: String) throws(RedisError) -> Int {
        var index = 0
        var negative = false
        if bytes.first == UInt8(ascii: "-") {
            negative = true
            index = 1
        } else if bytes.first == UInt8(ascii: "+") {
            index = 1
        }
        guard index < bytes.count else { throw .protocolError("empty \(what)") }
        var value = 0
        while index < bytes.count {
            let byte = bytes[index]
            guard byte >= UInt8(ascii: "0"), byte <= UInt8(ascii: "9") else {
                throw .protocolError("invalid \(what) \(printable(bytes))")
            }
            let digit = Int(byte - UInt8(ascii: "0"))
            let shifted = value.multipliedReportingOverflow(by: 10)
            // Accumulate negatively so Int.min parses without overflow.
            let next = negative
                ? shifted.partialValue.subtractingReportingOverflow(digit)
                : shifted.partialValue.addingReportingOverflow(digit)
            guard !shifted.overflow, !next.overflow else { throw .protocolError("\(what) out of range") }
            value = next.partialValue
            index += 1
        }
        return value
    }

    private static func printable(_ bytes: [UInt8]) -> String {
        "\"" + String(decoding: bytes.prefix(32), as: UTF8.self) + (bytes.count > 32 ? "…" : "") + "\""
    }
}
