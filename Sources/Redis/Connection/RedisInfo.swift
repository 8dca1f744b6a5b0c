/// Parses the text of an INFO reply.
public enum RedisInfo {
    /// Sections keyed by their lower-cased name ("# Server" → "server"), each a map of its fields.
    /// Fields before any header land in the "" section.
    public static func parse(_ text: String) -> [String: [String: String]] {
        var sections: [String: [String: String]] = [:]
        var current = ""
        for rawLine in text.split(whereSeparator: \.isNewline) {
            let line = rawLine.trimmingWhitespace()
            if line.isEmpty { continue }
            if line.hasPrefix("#") {
                current = line.dropFirst().trimmingWhitespace().lowercased()
                sections[current, default: [:]] = sections[current, default: [:]]
                continue
            }
            // Values may contain colons (e.g. addresses), so split on the first only.
            guard let colon = line.firstIndex(of: ":") else { continue }
            let key = String(line[..<colon])
            let value = String(line[line.index(after: colon)...])
            sections[current, default: [:]][key] = value
        }
        return sections
    }
}

extension StringProtocol {
    fileprivate func trimmingWhitespace() -> String {
        var slice = Substring(self)
        while let first = slice.first, first.isWhitespace { slice.removeFirst() }
        while let last = slice.last, last.isWhitespace { slice.removeLast() }
        return String(slice)
    }
}
