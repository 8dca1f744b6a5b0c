/// Where an alert is in its life: waiting out its rule's `for`, firing, or over.
public enum AlertState: String, Codable, Sendable {
    case pending
    case firing
    case resolved
}
