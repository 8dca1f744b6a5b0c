import Foundation

/// What an alert rule reads from a snapshot: a metric's value, or the per-second rate of a counter.
///
/// Written `name` or `rate(name)` / `rate(name[90s])`; the window defaults to 60 seconds.
/// A rate is computed by the evaluator from the successive snapshots it is given: the counter's
/// increase across the window (restarts counted from zero) divided by the seconds it spans.
public enum MetricExpression: Equatable, Hashable, Sendable, CustomStringConvertible {
    case value(String)
    case rate(String, windowSeconds: Double)

    public static let defaultRateWindow: Double = 60

    public var metric: String {
        switch self {
        case let .value(name), let .rate(name, _): name
        }
    }

    public var description: String {
        switch self {
        case let .value(name): name
        case let .rate(name, window):
            // Whole seconds print without ".0" so the text parses back to the same expression.
            "rate(\(name)[\(window.rounded() == window ? String(Int(window)) : String(window))s])"
        }
    }

    public static func parse(_ text: String) throws(AlertRuleError) -> MetricExpression {
        let trimmed = text.trimmingCharacters(in: .whitespaces)
        guard trimmed.hasPrefix("rate(") else {
            guard isName(trimmed) else { throw .badExpression(text) }
            return .value(trimmed)
        }
        guard trimmed.hasSuffix(")") else { throw .badExpression(text) }
        var inner = trimmed.dropFirst("rate(".count).dropLast()
        var window = defaultRateWindow
        if let open = inner.firstIndex(of: "[") {
            guard inner.hasSuffix("s]"),
                  let seconds = Double(inner[inner.index(after: open)..<inner.index(inner.endIndex, offsetBy: -2)]),
                  seconds > 0, seconds.isFinite else {
                throw .badExpression(text)
            }
            window = seconds
            inner = inner[..<open]
        }
        let name = String(inner)
        guard isName(name) else { throw .badExpression(text) }
        return .rate(name, windowSeconds: window)
    }

    private static func isName(_ text: some StringProtocol) -> Bool {
        !text.isEmpty && text.allSatisfy { $0.isLetter || $0.isNumber || $0 == "_" || $0 == "." || $0 == ":" }
    }
}
