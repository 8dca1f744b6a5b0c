import Foundation

/// Counts failed logins per account and per client address in a sliding window and refuses
/// further attempts (before any password check) once a limit is reached.
///
/// Per process: in the services shape nginx adds a request-rate limit on `/api/auth/` in
/// front of every instance, so an attacker spreading attempts over instances is still slowed.
actor LoginThrottle {
    private var failures: [String: [Date]] = [:]
    let perAccount: Int
    let perAddress: Int
    let window: TimeInterval
    let now: @Sendable () -> Date

    init(perAccount: Int, perAddress: Int, window: TimeInterval, now: @escaping @Sendable () -> Date) {
        self.perAccount = perAccount
        self.perAddress = perAddress
        self.window = window
        self.now = now
    }

    /// Seconds until another attempt is allowed, or nil if one is allowed now.
    func retryAfter(account: String, address: String) -> Int? {
        let current = now()
        let waits = [("account:" + account, perAccount), ("address:" + address, perAddress)].compactMap { key, limit -> TimeInterval? in
            let recent = prune(key, current)
            guard recent.count >= limit else { return nil }
            return recent[recent.count - limit].addingTimeInterval(window).timeIntervalSince(current)
        }
        guard let longest = waits.max() else { return nil }
        return max(1, Int(longest.rounded(.up)))
    }

    func recordFailure(account: String, address: String) {
        let current = now()
        failures["account:" + account, default: []].append(current)
        failures["address:" + address, default: []].append(current)
    }

    func recordSuccess(account: String) {
        failures["account:" + account] = nil
    }

    private func prune(_ key: String, _ current: Date) -> [Date] {
        guard let list = failures[key] else { return [] }
        let kept = list.filter { current.timeIntervalSince($0) < window }
        failures[key] = kept.isEmpty ? nil : kept
        return kept
    }
}
