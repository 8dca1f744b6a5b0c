import Foundation
import Hummingbird
import Realtime
import ServiceLifecycle

/// `/api/ws/stats` and `/api/ws/push/*` (admin): the hub's figures, and messages an admin
/// sends to users. Pushes go through the bus, so they reach sockets on every instance.
struct PushController {
    let hub: Hub
    let push: PushPublisher
    let audit: AuditLog
    let storage: Storage

    func register(in catalog: RouteCatalog) {
        registerTargetedPushes(in: catalog)
        catalog.add(RouteDoc(method: .get, path: "/api/ws/stats", summary: "Connections total and per channel, durations, messages in/out per second, dropped",
                             tag: "push", access: .admin)) { _, context, _ in
            _ = try context.requireAdmin()
            return try JSONResponse.make(await hub.stats())
        }

        catalog.add(RouteDoc(method: .post, path: "/api/ws/push/broadcast", summary: "A message on every user's notifications channel, on every instance (audited)",
                             tag: "push", access: .admin,
                             body: [.init("message", required: true, "up to 500 characters"), .init("level", required: false, "info (default), warning or critical")],
                             successStatus: 202)) { request, context, doc in
            let admin = try context.requireAdmin()
            let body = try await JSONBody.parse(request, allowed: doc.bodyFieldNames)
            let message = try body.string("message", maxLength: 500)
            guard !message.trimmingCharacters(in: .whitespaces).isEmpty else { throw APIError.badRequest("invalid_message", "'message' must not be empty") }
            let level = try body.optionalString("level", maxLength: 16) ?? "info"
            guard ["info", "warning", "critical"].contains(level) else { throw APIError.badRequest("invalid_level", "'level' must be info, warning or critical") }
            let data = Broadcast(message: message, level: level, at: Timestamp.string(audit.now()))
            try await audit.record(on: storage.database(), actor: .init(admin), area: "push", action: "broadcast", target: "*", before: nil, after: data)
            let users = try await push.toEveryone(try Self.envelope(type: "broadcast", data))
            return try JSONResponse.make(["status": "sent", "recipients": "\(users)"], status: .accepted)
        }

        catalog.add(RouteDoc(method: .post, path: "/api/ws/push/notification", summary: "A notification to one user's notifications channel",
                             tag: "push", access: .admin,
                             body: [.init("user_id"), .init("title", required: true, "up to 120 characters"), .init("body", required: true, "up to 1000 characters")],
                             successStatus: 202, errorStatuses: [404])) { request, context, doc in
            _ = try context.requireAdmin()
            let body = try await JSONBody.parse(request, allowed: doc.bodyFieldNames)
            let userText = try body.string("user_id", maxLength: 64)
            guard let userID = UUID(uuidString: userText), try await UserDirectory(storage: storage).find(id: userID) != nil else {
                throw APIError.notFound("user_not_found", "no such user")
            }
            let note = Notification(title: try body.string("title", maxLength: 120), body: try body.string("body", maxLength: 1000),
                                    at: Timestamp.string(audit.now()))
            try await publish("notifications.\(userID.uuidString.lowercased())", type: "notification", note)
            return try JSONResponse.make(["status": "sent"], status: .accepted)
        }
    }

    /// The remaining pushes of API.md: a market announcement, a signal, an alert.
    func registerTargetedPushes(in catalog: RouteCatalog) {
        catalog.add(RouteDoc(method: .post, path: "/api/ws/push/market", summary: "An announcement on the market channel (optionally about one symbol)",
                             tag: "push", access: .admin,
                             body: [.init("message", required: true, "up to 500 characters"), .init("symbol", required: false)], successStatus: 202)) { request, context, doc in
            let admin = try context.requireAdmin()
            let body = try await JSONBody.parse(request, allowed: doc.bodyFieldNames)
            let message = try Self.nonEmpty(try body.string("message", maxLength: 500), "message")
            let symbol = try body.optionalString("symbol", maxLength: 32)?.uppercased()
            let data = MarketAnnouncement(symbol: symbol, message: message, at: Timestamp.string(audit.now()))
            try await audit.record(on: storage.database(), actor: .init(admin), area: "push", action: "market", target: symbol ?? "*", before: nil, after: data)
            try await publish("market", type: "announcement", data)
            return try JSONResponse.make(["status": "sent"], status: .accepted)
        }

        catalog.add(RouteDoc(method: .post, path: "/api/ws/push/signal", summary: "A signal to one user's trading channel, or to the market channel",
                             tag: "push", access: .admin,
                             body: [.init("symbol"), .init("action", required: true, "buy, sell or hold"), .init("reason", required: true),
                                    .init("strength", required: false, "0 to 1"), .init("user_id", required: false)],
                             successStatus: 202, errorStatuses: [404])) { request, context, doc in
            _ = try context.requireAdmin()
            let body = try await JSONBody.parse(request, allowed: doc.bodyFieldNames)
            let action = try body.string("action", maxLength: 8)
            guard ["buy", "sell", "hold"].contains(action) else { throw APIError.badRequest("invalid_action", "'action' must be buy, sell or hold") }
            let strength = try body.optionalNumber("strength") ?? 1
            guard (0...1).contains(strength) else { throw APIError.badRequest("invalid_strength", "'strength' must be between 0 and 1") }
            let signal = SignalDTO(symbol: try body.string("symbol", maxLength: 32).uppercased(), interval: "manual", action: action, strength: strength,
                                   reason: try Self.nonEmpty(try body.string("reason", maxLength: 500), "reason"), indicators: [:],
                                   candleStartMillis: Int64(audit.now().timeIntervalSince1970 * 1000))
            if let user = try await targetUser(body) {
                try await publish("trading.\(user)", type: "signal", signal)
            } else {
                try await publish("market", type: "signal", signal)
            }
            return try JSONResponse.make(["status": "sent"], status: .accepted)
        }

        catalog.add(RouteDoc(method: .post, path: "/api/ws/push/alert", summary: "An alert to one user's alerts channel, or to every admin",
                             tag: "push", access: .admin,
                             body: [.init("message", required: true), .init("level", required: false, "info, warning (default) or critical"),
                                    .init("user_id", required: false)],
                             successStatus: 202, errorStatuses: [404])) { request, context, doc in
            _ = try context.requireAdmin()
            let body = try await JSONBody.parse(request, allowed: doc.bodyFieldNames)
            let message = try Self.nonEmpty(try body.string("message", maxLength: 500), "message")
            let level = try body.optionalString("level", maxLength: 16) ?? "warning"
            guard ["info", "warning", "critical"].contains(level) else { throw APIError.badRequest("invalid_level", "'level' must be info, warning or critical") }
            let data = Broadcast(message: message, level: level, at: Timestamp.string(audit.now()))
            if let user = try await targetUser(body) {
                try await publish("alerts.\(user)", type: "alert", data)
            } else {
                try await push.toAdmins(try Self.envelope(type: "alert", data), channels: ["admin", "alerts"])
            }
            return try JSONResponse.make(["status": "sent"], status: .accepted)
        }
    }

    /// The `user_id` of a push, checked to exist; nil when absent.
    private func targetUser(_ body: JSONBody) async throws -> String? {
        guard let text = try body.optionalString("user_id", maxLength: 64) else { return nil }
        guard let id = UUID(uuidString: text), try await UserDirectory(storage: storage).find(id: id) != nil else {
            throw APIError.notFound("user_not_found", "no such user")
        }
        return id.uuidString.lowercased()
    }

    private static func nonEmpty(_ text: String, _ field: String) throws -> String {
        guard !text.trimmingCharacters(in: .whitespaces).isEmpty else { throw APIError.badRequest("invalid_\(field)", "'\(field)' must not be empty") }
        return text
    }

    struct MarketAnnouncement: Codable, Sendable { let symbol: String?; let message: String; let at: String }

    private func publish<T: Encodable>(_ topic: String, type: String, _ data: T) async throws {
        try await push.bus.publish(topic, try Self.envelope(type: type, data))
    }

    private static func envelope<T: Encodable>(type: String, _ data: T) throws -> [UInt8] {
        Array(try JSONResponse.encoder.encode(BusEnvelope(type: type, data: data)))
    }

    struct Broadcast: Codable, Sendable { let message: String; let level: String; let at: String }
    struct Notification: Codable, Sendable { let title: String; let body: String; let at: String }
}

/// Runs the bus-to-hub bridge, and closes every socket with "going away" on shutdown.
struct PushService: Service {
    let hub: Hub
    let bridge: BusBridge

    func run() async throws {
        await cancelWhenGracefulShutdown { await bridge.run() }
        await hub.shutdown()
    }
}

/// A bus payload: `{"type": "...", "data": {...}}`.
struct BusEnvelope<T: Encodable>: Encodable {
    let type: String
    let data: T
}
