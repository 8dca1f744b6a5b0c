import Foundation

/// A change to an alert, for notifications and the history.
public struct AlertEvent: Codable, Equatable, Sendable {
    /// What happened to the alert.
    public enum Kind: String, Codable, Sendable {
        /// The condition holds and the rule's `for` is running.
        case pending
        /// The condition held long enough, or someone raised the alert.
        case firing
        /// The condition stopped holding before the alert fired; it never notified.
        case cleared
        /// The condition of a firing alert stopped holding, or someone resolved it.
        case resolved
        case acknowledged
    }

    public var kind: Kind
    /// The alert as it is after the change.
    public var alert: Alert
    public var at: Date
    /// The user behind a manual change (raise, acknowledge, resolve).
    public var by: String?

    public init(kind: Kind, alert: Alert, at: Date, by: String? = nil) {
        self.kind = kind
        self.alert = alert
        self.at = at
        self.by = by
    }
}
