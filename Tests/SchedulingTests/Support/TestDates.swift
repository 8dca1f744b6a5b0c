import Foundation

/// Parses an ISO 8601 instant such as `2025-03-30T01:00:00Z` or `2025-03-30T03:00:00+02:00`.
func instant(_ text: String) -> Date {
    let formatter = ISO8601DateFormatter()
    formatter.formatOptions = [.withInternetDateTime]
    guard let date = formatter.date(from: text) else { fatalError("bad test date \(text)") }
    return date
}

/// Formats an instant in UTC, so failing expectations read as ISO 8601.
func iso(_ date: Date?) -> String {
    guard let date else { return "nil" }
    let formatter = ISO8601DateFormatter()
    formatter.formatOptions = [.withInternetDateTime]
    return formatter.string(from: date)
}

func zone(_ identifier: String) -> TimeZone {
    guard let zone = TimeZone(identifier: identifier) else { fatalError("no time zone \(identifier)") }
    return zone
}
