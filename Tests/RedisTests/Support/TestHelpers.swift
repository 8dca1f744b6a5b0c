import Foundation
import Redis

/// Polls `condition` until it holds or `timeout` passes; returns whether it held.
func eventually(
    timeout: Duration = .seconds(5),
    every interval: Duration = .milliseconds(20),
    _ condition: () async throws -> Bool
) async rethrows -> Bool {
    let deadline = ContinuousClock.now + timeout
    while ContinuousClock.now < deadline {
        if try await condition() { return true }
        try? await Task.sleep(for: interval)
    }
    return try await condition()
}

/// A name no other test (or run) uses, so tests can share one server in parallel.
func uniqueName(_ prefix: String) -> String {
    "\(prefix)-\(UUID().uuidString.lowercased())"
}

/// Kills, from `admin`, every connection whose CLIENT SETNAME is `name`; returns how many.
func killClients(named name: String, using admin: RedisConnection) async throws -> Int {
    let list = try await admin.command("CLIENT", "LIST").string ?? ""
    var killed = 0
    for line in list.split(whereSeparator: \.isNewline) {
        let fields = Dictionary(
            line.split(separator: " ").compactMap { field -> (String, String)? in
                guard let eq = field.firstIndex(of: "=") else { return nil }
                return (String(field[..<eq]), String(field[field.index(after: eq)...]))
            },
            uniquingKeysWith: { first, _ in first }
        )
        guard fields["name"] == name, let id = fields["id"] else { continue }
        killed += try await admin.command("CLIENT", "KILL", "ID", RedisArgument(id)).int ?? 0
    }
    return killed
}

/// Collects a subscriber's messages from one long-lived consumer task.
///
/// One consumer for the whole test, because cancelling a task that iterates an AsyncStream
/// finishes the stream for good.
actor MessageInbox {
    private(set) var messages: [RedisPubSubMessage] = []

    nonisolated func drain(_ stream: AsyncStream<RedisPubSubMessage>) -> Task<Void, Never> {
        Task {
            for await message in stream {
                await self.append(message)
            }
        }
    }

    private func append(_ message: RedisPubSubMessage) {
        messages.append(message)
    }

    func contains(_ predicate: (RedisPubSubMessage) -> Bool) -> Bool {
        messages.contains(where: predicate)
    }
}
