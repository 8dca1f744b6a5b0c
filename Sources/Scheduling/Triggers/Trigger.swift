import Foundation

/// When a job is due: every N seconds, or on a cron schedule in the scheduler's time zone.
public enum Trigger: Sendable, Hashable, CustomStringConvertible {
    case interval(IntervalTrigger)
    case cron(CronExpression)

    /// An interval trigger; `minimum` is the floor below which the interval is rejected.
    public init(intervalSeconds: Int, minimum: Int = IntervalTrigger.defaultMinimumSeconds) throws(TriggerError) {
        self = .interval(try IntervalTrigger(seconds: intervalSeconds, minimum: minimum))
    }

    /// A cron trigger; a parse error carries the field and position.
    public init(cron expression: String) throws(TriggerError) {
        do {
            self = .cron(try CronExpression(expression))
        } catch {
            throw .invalidCron(error)
        }
    }

    /// `"interval"` or `"cron"`, as the API names the kinds.
    public var kind: String {
        switch self {
        case .interval: "interval"
        case .cron: "cron"
        }
    }

    /// The interval in seconds for an interval trigger, else nil.
    public var intervalSeconds: Int? {
        if case .interval(let trigger) = self { return trigger.seconds }
        return nil
    }

    /// The expression for a cron trigger, else nil.
    public var cronExpression: String? {
        if case .cron(let expression) = self { return expression.source }
        return nil
    }

    public var description: String {
        switch self {
        case .interval(let trigger): trigger.description
        case .cron(let expression): "cron \(expression.source)"
        }
    }

    /// The first due time strictly after `date`; nil when a cron expression never fires.
    public func next(after date: Date, in timeZone: TimeZone = .schedulerUTC) -> Date? {
        switch self {
        case .interval(let trigger): trigger.next(after: date)
        case .cron(let expression): expression.next(after: date, in: timeZone)
        }
    }

    /// Due times from `first` (itself due) through `now`: the latest, and how many there were.
    /// Counting stops at `limit` for cron, since only the latest and an approximate tally matter.
    func occurrences(from first: Date, through now: Date, in timeZone: TimeZone, limit: Int = 100_000) -> (latest: Date, count: Int) {
        switch self {
        case .interval(let trigger):
            let latest = max(first, trigger.latest(atOrBefore: now))
            let count = Int((latest.timeIntervalSince(first) / TimeInterval(trigger.seconds)).rounded()) + 1
            return (latest, count)
        case .cron(let expression):
            var latest = first
            var count = 1
            while count < limit, let due = expression.next(after: latest, in: timeZone), due <= now {
                latest = due
                count += 1
            }
            return (latest, count)
        }
    }
}

extension Trigger: Codable {
    private enum CodingKeys: String, CodingKey {
        case intervalSeconds = "interval_seconds"
        case cron
    }

    /// Decodes `{"interval_seconds": 5}` or `{"cron": "0 0 * * *"}`, the API's and the store's form.
    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        if let seconds = try container.decodeIfPresent(Int.self, forKey: .intervalSeconds) {
            self = try Trigger(intervalSeconds: seconds)
        } else if let expression = try container.decodeIfPresent(String.self, forKey: .cron) {
            self = try Trigger(cron: expression)
        } else {
            throw DecodingError.dataCorrupted(.init(
                codingPath: decoder.codingPath,
                debugDescription: "a trigger needs interval_seconds or cron"
            ))
        }
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        switch self {
        case .interval(let trigger): try container.encode(trigger.seconds, forKey: .intervalSeconds)
        case .cron(let expression): try container.encode(expression.source, forKey: .cron)
        }
    }
}
