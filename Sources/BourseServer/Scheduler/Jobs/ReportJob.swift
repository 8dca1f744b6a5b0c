import Foundation
import MarketCore
import Realtime
import Scheduling
import SQLKit

/// `daily_report` (00:00) and `weekly_report` (Monday 00:00): per user, the period's trades,
/// volume, fees and equity change; for the platform, activity totals. Stored for
/// `/api/reports`, and each user is told on their notifications channel.
struct ReportJob {
    enum Kind: String { case daily, weekly }

    let kind: Kind
    let storage: Storage
    let valuer: PositionValuer
    let bus: any MessageBus
    let now: @Sendable () -> Date

    func run(_ context: JobContext) async throws {
        let end = context.dueAt
        let start = end.addingTimeInterval(kind == .daily ? -86_400 : -7 * 86_400)
        let sql = storage.sql()
        let accounts = try await AccountModel.query(on: storage.database()).all()
        var platform = PlatformSummary(users: accounts.count, activeTraders: 0, fills: 0, volume: .zero, fees: .zero)
        for account in accounts {
            let row = try await sql.raw("""
                SELECT COUNT(*) AS fills, CAST(COALESCE(SUM(notional_micros), 0) AS BIGINT) AS volume,
                       CAST(COALESCE(SUM(fee_micros), 0) AS BIGINT) AS fees
                FROM fills WHERE account_id = \(bind: account.id!) AND created_at >= \(bind: start) AND created_at < \(bind: end)
                """).first()
            let fills = Int(try row?.decode(column: "fills", as: Int64.self) ?? 0)
            let volume = Money(micros: try row?.decode(column: "volume", as: Int64.self) ?? 0)
            let fees = Money(micros: try row?.decode(column: "fees", as: Int64.self) ?? 0)
            let opening = try await sql.raw("""
                SELECT equity_micros FROM equity_snapshots WHERE account_id = \(bind: account.id!) AND taken_at >= \(bind: start)
                ORDER BY taken_at LIMIT 1
                """).first()?.decode(column: "equity_micros", as: Int64.self)
            let equity = Money(micros: account.cashMicros) + (try await valuer.marketValue(accountID: account.id!))
            let change = opening.map { equity - Money(micros: $0) }
            let body = UserReport(kind: kind.rawValue, periodStart: start, periodEnd: end, fills: fills, volume: volume.decimalString,
                                  fees: fees.decimalString, equity: equity.decimalString, equityChange: change?.decimalString)
            let id = try await store(scope: "user:\(account.userID.uuidString.lowercased())", userID: account.userID, start: start, end: end, body: body)
            if fills > 0 { platform.activeTraders += 1 }
            platform.fills += fills
            platform.volume += volume
            platform.fees += fees
            if let id {
                let payload = try JSONResponse.encoder.encode(BusEnvelope(type: "report_ready", data: ReportReady(id: String(id), kind: kind.rawValue)))
                try? await bus.publish("notifications.\(account.userID.uuidString.lowercased())", Array(payload))
            }
        }
        let summary = PlatformReport(kind: kind.rawValue, periodStart: start, periodEnd: end, users: platform.users,
                                     activeTraders: platform.activeTraders, fills: platform.fills, volume: platform.volume.decimalString,
                                     fees: platform.fees.decimalString)
        _ = try await store(scope: "platform", userID: nil, start: start, end: end, body: summary)
        context.logger.info("\(kind.rawValue) reports written", metadata: ["users": "\(accounts.count)"])
    }

    /// Stores a report; nil when this period's report already exists (a rerun changes nothing).
    private func store(scope: String, userID: UUID?, start: Date, end: Date, body: some Encodable) async throws -> Int64? {
        let json = String(decoding: try JSONResponse.encoder.encode(body), as: UTF8.self)
        let rows = try await storage.sql().raw("""
            INSERT INTO reports (kind, scope, user_id, period_start, period_end, body_json, created_at)
            VALUES (\(bind: kind.rawValue), \(bind: scope), \(bind: userID), \(bind: start), \(bind: end), \(bind: json), \(bind: now()))
            ON CONFLICT (kind, scope, period_start) DO NOTHING RETURNING id
            """).all()
        return try rows.first?.decode(column: "id", as: Int64.self)
    }

    struct PlatformSummary { var users: Int; var activeTraders: Int; var fills: Int; var volume: Money; var fees: Money }

    struct UserReport: Encodable {
        let kind: String; let periodStart: Date; let periodEnd: Date; let fills: Int; let volume: String; let fees: String
        let equity: String; let equityChange: String?
        enum CodingKeys: String, CodingKey {
            case kind, periodStart = "period_start", periodEnd = "period_end", fills, volume, fees, equity, equityChange = "equity_change"
        }
    }

    struct PlatformReport: Encodable {
        let kind: String; let periodStart: Date; let periodEnd: Date; let users: Int; let activeTraders: Int; let fills: Int
        let volume: String; let fees: String
        enum CodingKeys: String, CodingKey {
            case kind, periodStart = "period_start", periodEnd = "period_end", users, activeTraders = "active_traders", fills, volume, fees
        }
    }

    struct ReportReady: Encodable { let id: String; let kind: String }
}
