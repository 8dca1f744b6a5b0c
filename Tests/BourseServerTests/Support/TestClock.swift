import Foundation
import NIOConcurrencyHelpers

/// A wall clock that tests move by hand.
final class TestClock: Sendable {
    private let box: NIOLockedValueBox<Date>
    init(_ start: Date = Date()) { box = .init(start) }
    var now: Date { box.withLockedValue { $0 } }
    func advance(by seconds: TimeInterval) { box.withLockedValue { $0 = $0.addingTimeInterval(seconds) } }
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
