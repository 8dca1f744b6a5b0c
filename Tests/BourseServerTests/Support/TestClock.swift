import Foundation
import NIOConcurrencyHelpers

/// The wall clock plus an offset that tests move forward by hand: time still flows (the market
/// simulator needs it to), and a test can jump past an expiry without waiting for it.
final class TestClock: Sendable {
    private let offset = NIOLockedValueBox<TimeInterval>(0)
    var now: Date { Date().addingTimeInterval(offset.withLockedValue { $0 }) }
    func advance(by seconds: TimeInterval) { offset.withLockedValue { $0 += seconds } }
}

/// Lines the app announced (the first admin's password).
final class Announcements: Sendable {
    private let box = NIOLockedValueBox<[String]>([])
    var lines: [String] { box.withLockedValue { $0 } }
    func append(_ line: String) { box.withLockedValue { $0.append(line) } }

    /// The first admin's password from its one-line announcement.
    var adminPassword: String? {
        lines.first { $0.hasPrefix("Admin account:") }.flatMap { $0.components(separatedBy: "password: ").last }
    }
}
