import Foundation
import Hummingbird
import MarketCore
import NIOCore

/// `/trading/*`: the caller's orders and fills. Every write is acknowledged only once durable.
struct TradingController {
    let engine: MarketEngine
    let store: TradingStore
    let now: @Sendable () -> Date

    static let orderFields: [RouteDoc.Field] = [
        .init("symbol"), .init("side", required: true, "buy or sell"),
        .init("type", required: true, "market, limit, stop or stop_limit"),
        .init("qty", required: true, "decimal string, a multiple of the instrument's lot size"),
        .init("limit_price", required: false, "decimal string on the tick grid; limit and stop_limit only"),
        .init("stop_price", required: false, "decimal string on the tick grid; stop and stop_limit only"),
        .init("time_in_force", required: false, "day (default), gtc, ioc or fok"),
        .init("client_order_id", required: false, "up to 64 characters; a retry with the same id returns the first order"),
    ]

    func register(in catalog: RouteCatalog) {
        catalog.add(RouteDoc(method: .post, path: "/trading/orders", summary: "Place an order; 201 once it is stored (a retried client_order_id returns the first order)",
                             tag: "trading", access: .user, body: Self.orderFields, successStatus: 201, errorStatuses: [409, 422])) { request, context, doc in
            let user = try context.requireUser()
            let body = try await JSONBody.parse(request, allowed: doc.bodyFieldNames)
            let accountID = try await accountID(for: user)
            let orderRequest = try OrderRequestParser.parse(body, accountID: accountID, userID: user.id, catalogue: engine.catalogue)
            if let clientOrderID = orderRequest.clientOrderID, let existing = try await priorOrder(clientOrderID, request: orderRequest) {
                return try replay(existing)
            }
            try await engine.loadAccountIfNeeded(accountID, from: store)
            let record: OrderRecord
            let durable: EventLoopFuture<Void>
            do {
                (record, durable) = try await engine.place(orderRequest, now: now())
            } catch let error as APIError where error.code == OrderRejection.clientOrderIDInUse.code {
                // An identical retry got to the engine between our check and our order: answer
                // with the first order, as if the retry had come later.
                guard let clientOrderID = orderRequest.clientOrderID,
                      let existing = try await priorOrder(clientOrderID, request: orderRequest) else { throw error }
                return try replay(existing)
            }
            try await durable.get()
            if record.status == .rejected {
                let code = record.reason ?? "rejected"
                throw APIError.unprocessable(code, RejectCode(rawValue: code)?.reason ?? "the order was rejected")
            }
            return try JSONResponse.make(OrderDTO(record, instrument: engine.catalogue[record.symbol]!), status: .created)
        }

        catalog.add(RouteDoc(method: .get, path: "/trading/orders", summary: "The caller's orders, newest first", tag: "trading", access: .user,
                             query: [.init("status", required: false, "open (default), closed or all"), .init("symbol", required: false),
                                     .init("limit", "integer", required: false, "1-500, default 50")])) { request, context, _ in
            let user = try context.requireUser()
            let query = QueryParameters(request: request)
            let filter = try query.optionalEnum("status", OrderListFilter.self) ?? .open
            let limit = try query.int("limit", default: 50, range: 1...500)
            let symbol = try query.optionalString("symbol", maxLength: 32)?.uppercased()
            let orders = try await store.orders(accountID: try await accountID(for: user), filter: filter, symbol: symbol, limit: limit)
            return try JSONResponse.make(orders.compactMap { order in engine.catalogue[order.symbol].map { OrderDTO(order, instrument: $0) } })
        }

        catalog.add(RouteDoc(method: .get, path: "/trading/orders/{id}", summary: "One of the caller's orders (another user's is 404)", tag: "trading",
                             access: .user, errorStatuses: [404])) { _, context, _ in
            let user = try context.requireUser()
            let order = try await ownOrder(context, user: user)
            return try JSONResponse.make(OrderDTO(order, instrument: engine.catalogue[order.symbol]!))
        }

        catalog.add(RouteDoc(method: .delete, path: "/trading/orders/{id}", summary: "Cancel one of the caller's open orders", tag: "trading",
                             access: .user, errorStatuses: [404, 422])) { _, context, _ in
            let user = try context.requireUser()
            let accountID = try await accountID(for: user)
            guard let id = context.parameters.get("id").flatMap(UInt64.init) else { throw Self.orderNotFound }
            if let (record, durable) = try await engine.cancel(orderID: id, accountID: accountID, now: now()) {
                try await durable.get()
                return try JSONResponse.make(OrderDTO(record, instrument: engine.catalogue[record.symbol]!))
            }
            let order = try await ownOrder(context, user: user)
            throw APIError.unprocessable("order_not_cancelable", "the order is already \(order.status.rawValue)")
        }

        catalog.add(RouteDoc(method: .delete, path: "/trading/orders", summary: "Cancel every open order of the caller", tag: "trading",
                             access: .user)) { _, context, _ in
            let user = try context.requireUser()
            let (records, durable) = try await engine.cancelAll(accountID: try await accountID(for: user), now: now())
            try await durable.get()
            return try JSONResponse.make(records.map { OrderDTO($0, instrument: engine.catalogue[$0.symbol]!) })
        }

        catalog.add(RouteDoc(method: .get, path: "/trading/fills", summary: "The caller's executions, newest first", tag: "trading", access: .user,
                             query: [.init("symbol", required: false), .init("limit", "integer", required: false, "1-500, default 100")])) { request, context, _ in
            let user = try context.requireUser()
            let query = QueryParameters(request: request)
            let fills = try await store.fills(accountID: try await accountID(for: user),
                                              symbol: try query.optionalString("symbol", maxLength: 32)?.uppercased(),
                                              limit: try query.int("limit", default: 100, range: 1...500))
            return try JSONResponse.make(fills.compactMap { row in engine.catalogue[row.fill.symbol].map { FillDTO(id: row.id, row.fill, instrument: $0) } })
        }
    }

    static let orderNotFound = APIError.notFound("order_not_found", "no such order")

    private func accountID(for user: UserSnapshot) async throws -> Int64 {
        guard let id = try await store.accountID(userID: user.id) else { throw APIError.notFound("account_not_found", "this user has no paper account") }
        return id
    }

    private func ownOrder(_ context: BourseRequestContext, user: UserSnapshot) async throws -> OrderRecord {
        guard let id = context.parameters.get("id").flatMap(Int64.init),
              let order = try await store.order(id: id, accountID: try await accountID(for: user))
        else { throw Self.orderNotFound }
        return order
    }

    /// The order a `client_order_id` already created, or nil for a new id. The engine's index
    /// of the account's ids is complete (see `indexClientOrdersIfNeeded`), so a new id costs no
    /// database read; a known one is read back, waiting for its commit if a retry raced the
    /// first request. The same id with different contents is a 409.
    private func priorOrder(_ clientOrderID: String, request: OrderRequest) async throws -> OrderRecord? {
        try await engine.indexClientOrdersIfNeeded(request.accountID, from: store)
        let key = TradingState.ClientOrderKey(userID: request.userID, clientOrderID: clientOrderID)
        guard let seen = await engine.clientOrder(key) else { return nil }
        guard seen.hash == request.contentHash else { throw Self.conflict }
        var stored = try await store.order(id: Int64(seen.orderID), accountID: request.accountID)
        for _ in 0..<500 where stored == nil {
            try await Task.sleep(for: .milliseconds(10))
            stored = try await store.order(id: Int64(seen.orderID), accountID: request.accountID)
        }
        guard let stored else {
            throw APIError.unavailable("order_pending", "the first request with this client_order_id is not stored yet; retry")
        }
        guard stored.requestHash == request.contentHash else { throw Self.conflict }
        return stored
    }

    /// The first order of a retried `client_order_id`, marked as a replay.
    private func replay(_ existing: OrderRecord) throws -> Response {
        var response = try JSONResponse.make(OrderDTO(existing, instrument: engine.catalogue[existing.symbol]!), status: .created)
        response.headers[.init("Idempotent-Replayed")!] = "true"
        return response
    }

    static let conflict = APIError.conflict("client_order_id_conflict", "this client_order_id was already used for a different order")
}
