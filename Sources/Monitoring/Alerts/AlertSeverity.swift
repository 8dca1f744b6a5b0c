/// How urgent an alert is; also the `level` of an alert raised by hand.
public enum AlertSeverity: String, Codable, CaseIterable, Comparable, Sendable {
    case info
    case warning
    case critical

    public static func < (lhs: AlertSeverity, rhs: AlertSeverity) -> Bool {
        allCases.firstIndex(of: lhs)! < allCases.firstIndex(of: rhs)!
    }
}
