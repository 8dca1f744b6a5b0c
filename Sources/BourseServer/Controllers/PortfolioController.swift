import Foundation
import Hummingbird
import MarketCore
import SQLKit

/// `/api/portfolio/*`: the caller's positions and equity curve.
struct PortfolioController {
    let accounts: AccountService
    let valuer: PositionValuer
    let storage: Storage
    let now: @Sendable () -> Date

    /// The periods of `/api/portfolio/history`.
    enum Period: String, CaseIterable {
        case oneDay = "1D", oneWeek = "1W", oneMonth = "1M", all
        var seconds: TimeInterval? {
            switch self {
            case .oneDay: return 86_400
            case .oneWeek: return 7 * 86_400
            case .oneMonth: return 30 * 86_400
            case .all: return nil
            }
        }
    }

    func register(in catalog: RouteCatalog) {
        catalog.add(RouteDoc(method: .get, path: "/api/portfolio/positions",
                             summary: "Open positions with average entry price, market value and P&L at the latest price",
                             tag: "portfolio", access: .user)) { _, context, _ in
            let user = try context.requireUser()
            let account = try await accounts.account(userID: user.id)
            let rows = try await valuer.positions(accountID: account.id!).filter { $0.lots != 0 }
            return try JSONResponse.make(rows.compactMap { row -> PositionDTO? in
                guard let instrument = valuer.board.catalogue[row.symbol] else { return nil }
                return PositionDTO(row, instrument: instrument, last: valuer.board.last(row.symbol), value: valuer.value(row))
            })
        }

        catalog.add(RouteDoc(method: .get, path: "/api/portfolio/history", summary: "The equity curve: sampled equity and cash, oldest first, ending now",
                             tag: "portfolio", access: .user,
                             query: [.init("period", required: false, "1D (default), 1W, 1M or all")])) { request, context, _ in
            let user = try context.requireUser()
            let period = try QueryParameters(request: request).optionalEnum("period", Period.self) ?? .oneDay
            let account = try await accounts.account(userID: user.id)
            var query = storage.sql().select().columns("taken_at", "equity_micros", "cash_micros").from("equity_snapshots")
                .where("account_id", .equal, SQLBind(account.id!))
            if let seconds = period.seconds { query = query.where("taken_at", .greaterThanOrEqual, SQLBind(now().addingTimeInterval(-seconds))) }
            let rows = try await query.orderBy("taken_at", .ascending).limit(10_000).all()
            var points = try rows.map { row in
                HistoryPoint(t: try row.decode(column: "taken_at", as: Date.self),
                             equity: Money(micros: try row.decode(column: "equity_micros", as: Int64.self)).decimalString,
                             cash: Money(micros: try row.decode(column: "cash_micros", as: Int64.self)).decimalString)
            }
            let current = try await accounts.summary(of: account)
            points.append(HistoryPoint(t: now(), equity: current.equity, cash: current.cash))
            return try JSONResponse.make(History(period: period.rawValue, baseValue: current.startingCash, points: points))
        }
    }

    struct HistoryPoint: Encodable { let t: Date; let equity: String; let cash: String }
    struct History: Encodable {
        let period: String
        let baseValue: String
        let points: [HistoryPoint]
        enum CodingKeys: String, CodingKey { case period, baseValue = "base_value", points }
    }
}
