/// A job: which registered task kind it runs, when, and whether it is paused or protected.
public struct JobDefinition: Sendable, Hashable, Codable {
    public var id: String
    public var name: String
    /// The registered task kind the job runs.
    public var task: String
    public var trigger: Trigger
    public var paused: Bool
    /// A protected job cannot be paused or deleted: the platform depends on it.
    public var protected: Bool

    public init(id: String, name: String? = nil, task: String, trigger: Trigger, paused: Bool = false, protected: Bool = false) {
        self.id = id
        self.name = name ?? id
        self.task = task
        self.trigger = trigger
        self.paused = paused
        self.protected = protected
    }
}
