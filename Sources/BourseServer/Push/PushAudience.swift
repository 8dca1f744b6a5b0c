import FluentKit
import Foundation
import Realtime

/// Sends a message meant for many users as one message per user's channel stream.
///
/// Why not one `broadcast` topic that each instance fans out to the users connected to it: then
/// each instance would number a user's stream differently, and a client whose instance died could
/// not resume with `last_seq` on another. Per-user topics are numbered once, by the bus.
actor PushAudience {
    private let storage: Storage
    private let now: @Sendable () -> Date
    /// The admins change rarely and are asked for on every job run and warning: a few seconds
    /// of staleness is fine, and the last known list outlives a database outage.
    private let cacheSeconds: TimeInterval = 5
    private var admins: (ids: [String], at: Date)?
    /// After a failed read, the database is not asked again for `cacheSeconds`: every warning is
    /// sent to the admins, and a failing read logs a warning of its own, so asking on each one
    /// during an outage would feed itself (found by the outage test: 1,000 records a second).
    private var failedAt: Date?

    init(storage: Storage, now: @escaping @Sendable () -> Date) {
        self.storage = storage
        self.now = now
    }

    /// Every enabled admin's id (lower-case, as in channel names).
    func adminIDs() async throws -> [String] {
        if let admins, now().timeIntervalSince(admins.at) < cacheSeconds { return admins.ids }
        if let failedAt, now().timeIntervalSince(failedAt) < cacheSeconds {
            if let admins { return admins.ids }
            throw APIError.unavailable("database_unavailable", "the list of admins cannot be read now")
        }
        do {
            let ids = try await UserModel.query(on: storage.database())
                .filter(\.$role == UserRole.admin.rawValue).filter(\.$disabled == false)
                .all(\.$id).map { $0.uuidString.lowercased() }
            admins = (ids, now())
            failedAt = nil
            return ids
        } catch {
            failedAt = now()
            if let admins { return admins.ids }
            throw error
        }
    }

    /// Every enabled user's id: a broadcast is kept in each one's notifications history, so it
    /// also reaches users who connect shortly after.
    func userIDs() async throws -> [String] {
        try await UserModel.query(on: storage.database()).filter(\.$disabled == false)
            .all(\.$id).map { $0.uuidString.lowercased() }
    }
}

/// Publishing on push channels: one user's channel, every admin's, or every user's.
struct PushPublisher: Sendable {
    let bus: any MessageBus
    let audience: PushAudience

    /// A bus payload on the admin channel of every admin (and on their `alerts` channels too
    /// when `channels` says so: system alerts go to both, API.md).
    func toAdmins(_ payload: [UInt8], channels: [String] = ["admin"]) async throws {
        let ids = try await audience.adminIDs()
        try await bus.publish(ids.flatMap { id in channels.map { (topic: "\($0).\(id)", payload: payload) } })
    }

    /// On the notifications channel of every user; returns how many.
    @discardableResult
    func toEveryone(_ payload: [UInt8]) async throws -> Int {
        let ids = try await audience.userIDs()
        // In slices, so a large audience does not become one huge pipeline write.
        var start = 0
        while start < ids.count {
            let slice = ids[start..<min(ids.count, start + 500)]
            try await bus.publish(slice.map { (topic: "notifications.\($0)", payload: payload) })
            start += 500
        }
        return ids.count
    }
}
