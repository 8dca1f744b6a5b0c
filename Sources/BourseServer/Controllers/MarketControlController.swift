import FluentKit
import Foundation
import Hummingbird
import MarketCore

/// `/market/control*` (admin): scenarios, scripted events and halts.
///
/// Every control is market-wide: it changes an instrument for everyone alike, is written to the
/// audit log (who, when, before, after) and announced on the market channel. There is no control
/// of one user's prices or fills, and the simulator offers none to build one with.
struct MarketControlController {
    let engine: MarketEngine
    let feed: MarketFeed
    let audit: AuditLog
    let storage: Storage

    static let scenarioFields = ["drift", "volatility", "jump_intensity", "jump_mean", "jump_stdev", "spread_bps", "liquidity", "mean_reversion"]

    func register(in catalog: RouteCatalog) {
        catalog.add(RouteDoc(method: .get, path: "/market/control", summary: "The scenario of every instrument, with its fair value",
                             tag: "market control", access: .admin)) { _, context, _ in
            _ = try context.requireAdmin()
            return try JSONResponse.make(await engine.controlStates().map { ScenarioDTO($0, includeFairValue: true) })
        }

        catalog.add(RouteDoc(
            method: .put, path: "/market/control/{symbol}",
            summary: "Change an instrument's scenario: a preset and/or parameters, reached over ramp_seconds; returns the new scenario",
            tag: "market control", access: .admin,
            body: [.init("preset", required: false, "calm, trending_up, trending_down, volatile, crash or recovery")]
                + Self.scenarioFields.map { .init($0, "string", required: false, "decimal string or number") }
                + [.init("ramp_seconds", "string", required: false, "0 (default) to 604800")],
            errorStatuses: [404]
        )) { request, context, doc in
            let admin = try context.requireAdmin()
            let symbol = try await symbolFromPath(context)
            let body = try await JSONBody.parse(request, allowed: doc.bodyFieldNames)
            guard body.fields.keys.contains(where: { $0 != "ramp_seconds" }) else {
                throw APIError.badRequest("nothing_to_change", "give a preset or at least one scenario parameter")
            }
            let preset = try body.optionalString("preset", maxLength: 32).map { name in
                guard let preset = ScenarioPreset(rawValue: name) else {
                    throw APIError.badRequest("unknown_preset", "unknown preset '\(name)'; use one of \(ScenarioPreset.allCases.map(\.rawValue).joined(separator: ", "))")
                }
                return preset
            }
            let rampSeconds = try body.optionalNumber("ramp_seconds") ?? 0
            let before = await engine.controlState(symbol: symbol)!
            var parameters = preset?.parameters ?? before.scenario.target
            var overridden = false
            for field in Self.scenarioFields {
                guard let value = try body.optionalNumber(field) else { continue }
                overridden = true
                switch field {
                case "drift": parameters.drift = value
                case "volatility": parameters.volatility = value
                case "jump_intensity": parameters.jumpIntensity = value
                case "jump_mean": parameters.jumpMean = value
                case "jump_stdev": parameters.jumpStdev = value
                case "spread_bps": parameters.spreadBps = value
                case "liquidity": parameters.liquidity = value
                default: parameters.meanReversion = value
                }
            }
            let after: ControlState
            do {
                after = try await engine.setScenario(symbol: symbol, parameters: parameters, preset: overridden ? nil : preset, rampSeconds: rampSeconds)
            } catch let error as ScenarioError {
                throw APIError.badRequest(error.code, error.reason)
            }
            try await record(admin, action: "set_scenario", symbol: symbol, before: ScenarioDTO(before, includeFairValue: false),
                             after: ScenarioDTO(after, includeFairValue: false), context: context)
            return try JSONResponse.make(ScenarioDTO(after, includeFairValue: true))
        }

        catalog.add(RouteDoc(
            method: .post, path: "/market/control/{symbol}/events",
            summary: "Schedule a shock or a trend of magnitude_pct over duration_seconds, now or at a simulation time",
            tag: "market control", access: .admin,
            body: [.init("type", required: true, "shock or trend"), .init("magnitude_pct", "string", required: true, "e.g. \"-10\" for a 10% fall"),
                   .init("duration_seconds", "string", required: true, "greater than 0"), .init("at", required: false, "RFC 3339; default now")],
            successStatus: 201, errorStatuses: [404]
        )) { request, context, doc in
            let admin = try context.requireAdmin()
            let symbol = try await symbolFromPath(context)
            let body = try await JSONBody.parse(request, allowed: doc.bodyFieldNames)
            let typeName = try body.string("type", maxLength: 16)
            guard let kind = MarketEvent.Kind(rawValue: typeName) else {
                throw APIError.badRequest("invalid_event", "'type' must be shock or trend")
            }
            let magnitude = try body.number("magnitude_pct")
            let duration = try body.number("duration_seconds")
            let at = try body.optionalDate("at").map { Int64(($0.timeIntervalSince1970 * 1000).rounded()) }
            let before = await engine.controlState(symbol: symbol)!
            let event: MarketEvent
            do {
                event = try await engine.scheduleEvent(symbol: symbol, kind: kind, magnitudePct: magnitude, durationSeconds: duration, atMillis: at)
            } catch let error as ScenarioError {
                throw APIError.badRequest(error.code, error.reason)
            }
            let after = await engine.controlState(symbol: symbol)!
            try await record(admin, action: "schedule_event", symbol: symbol, before: ScenarioDTO(before, includeFairValue: false),
                             after: ScenarioDTO(after, includeFairValue: false), context: context)
            return try JSONResponse.make(ScenarioDTO.Event(event), status: .created)
        }

        for (path, halted) in [("/market/control/halt", true), ("/market/control/resume", false)] {
            catalog.add(RouteDoc(
                method: .post, path: path,
                summary: halted ? "Halt one instrument ({\"symbol\": …}) or all ({}): no matching, no trades" : "Resume one instrument or all",
                tag: "market control", access: .admin, body: [.init("symbol", required: false, "omit for every instrument")]
            )) { request, context, doc in
                let admin = try context.requireAdmin()
                let body = try await JSONBody.parse(request, allowed: doc.bodyFieldNames)
                let symbol = try body.optionalString("symbol", maxLength: 32)?.uppercased()
                if let symbol, engine.catalogue[symbol] == nil {
                    throw APIError.badRequest("unknown_symbol", "no instrument '\(symbol)'")
                }
                let symbols = symbol.map { [$0] } ?? (engine.catalogue.instruments.map(\.symbol))
                var before: [String: Bool] = [:]
                for name in symbols { before[name] = await engine.controlState(symbol: name)?.scenario.halted }
                do {
                    try await engine.setHalted(halted, symbol: symbol)
                } catch let error as ScenarioError {
                    throw APIError.badRequest(error.code, error.reason)
                }
                var after: [String: Bool] = [:]
                for name in symbols { after[name] = await engine.controlState(symbol: name)?.scenario.halted }
                try await record(admin, action: halted ? "halt" : "resume", symbol: symbol ?? "*", before: before, after: after, context: context)
                return try JSONResponse.make(await engine.controlStates().filter { symbols.contains($0.symbol) }.map { ScenarioDTO($0, includeFairValue: false) })
            }
        }

        catalog.add(RouteDoc(
            method: .get, path: "/market/control/audit", summary: "Every market control change: who, when, before, after; newest first",
            tag: "market control", access: .admin,
            query: [.init("symbol", required: false), .init("limit", "integer", required: false, "1-500, default 100")]
        )) { request, context, _ in
            _ = try context.requireAdmin()
            let query = QueryParameters(request: request)
            let limit = try query.int("limit", default: 100, range: 1...500)
            var records = AuditRecordModel.query(on: storage.database()).filter(\.$area == "market")
            if let symbol = try query.optionalString("symbol", maxLength: 32) { records = records.filter(\.$target == symbol.uppercased()) }
            let rows = try await records.sort(\.$id, .descending).limit(limit).all()
            return try JSONResponse.make(rows.map(ControlAuditDTO.init))
        }
    }

    private func symbolFromPath(_ context: BourseRequestContext) async throws -> String {
        let symbol = (context.parameters.get("symbol") ?? "").uppercased()
        guard engine.catalogue[symbol] != nil else { throw MarketController.unknownSymbol(symbol) }
        return symbol
    }

    /// Audits a change and announces it on the market channel.
    private func record(_ admin: UserSnapshot, action: String, symbol: String, before: some Encodable & Sendable,
                        after: some Encodable & Sendable, context: BourseRequestContext) async throws {
        try await audit.record(on: storage.database(), actor: .init(admin), area: "market", action: action, target: symbol,
                               before: before, after: after)
        context.logger.notice("market control changed", metadata: ["action": "\(action)", "symbol": "\(symbol)", "admin_id": "\(admin.id)"])
        await feed.publish(type: "control", ControlAnnouncement(action: action, symbol: symbol, state: after, at: Timestamp.string(audit.now())))
    }
}

/// What everyone on the market channel is told of a control change.
struct ControlAnnouncement<State: Encodable & Sendable>: Encodable, Sendable {
    let action: String
    let symbol: String
    let state: State
    let at: String
}

/// `GET /market/control/audit`.
struct ControlAuditDTO: Encodable {
    let id: String
    let actor: String?
    let action: String
    let symbol: String
    let before: JSONValue?
    let after: JSONValue?
    let createdAt: Date

    enum CodingKeys: String, CodingKey { case id, actor, action, symbol, before, after, createdAt = "created_at" }

    init(_ record: AuditRecordModel) {
        id = String(record.id ?? 0)
        actor = record.actorEmail
        action = record.action
        symbol = record.target
        before = record.beforeJSON.flatMap { try? JSONDecoder().decode(JSONValue.self, from: Data($0.utf8)) }
        after = record.afterJSON.flatMap { try? JSONDecoder().decode(JSONValue.self, from: Data($0.utf8)) }
        createdAt = record.createdAt
    }
}
