import FluentKit
import Foundation
import Logging
import MarketCore
import NIOCore
import NIOPosix
import Realtime
import SQLKit
import ServiceLifecycle
import Synchronization

/// Makes the engine's batches durable with group commit: batches queue in the order the engine
/// produced them, and one writer commits everything queued in a single transaction, then
/// acknowledges each batch and announces its trade updates. Under load many orders share one
/// transaction; alone, an order waits for just its own.
final class OrderJournal: Service, Sendable {
    private struct Entry: Sendable {
        let batch: JournalBatch
        let promise: EventLoopPromise<Void>
    }

    private let pending = Mutex<[Entry]>([])
    private let wakeup: AsyncStream<Void>
    private let wake: AsyncStream<Void>.Continuation
    private let storage: Storage
    private let bus: any MessageBus
    private let logger: Logger
    /// The instruments, to format prices in announcements.
    private let catalogue: InstrumentCatalogue
    /// Called when a commit fails: the engine's memory is then ahead of the database.
    let failures: AsyncStream<Void>
    private let failure: AsyncStream<Void>.Continuation
    /// Transactions and batches committed, for metrics and tests.
    private let counters = Mutex<(transactions: Int, batches: Int)>((0, 0))
    /// Committed trade updates, in commit order, for the announcer: encoding and publishing
    /// them happens beside the writer, so the next commit does not wait for the last one's news.
    private let announcements: AsyncStream<[TradeUpdate]>
    private let announcement: AsyncStream<[TradeUpdate]>.Continuation

    init(storage: Storage, bus: any MessageBus, catalogue: InstrumentCatalogue, logger: Logger) {
        self.storage = storage
        self.catalogue = catalogue
        self.bus = bus
        self.logger = logger
        (wakeup, wake) = AsyncStream.makeStream(of: Void.self, bufferingPolicy: .bufferingNewest(1))
        (failures, failure) = AsyncStream.makeStream(of: Void.self, bufferingPolicy: .bufferingNewest(1))
        (announcements, announcement) = AsyncStream.makeStream(of: [TradeUpdate].self)
    }

    /// Queues a batch; call from inside the engine so queue order is command order. The
    /// returned future completes once the batch is durable.
    func enqueue(_ batch: JournalBatch) -> EventLoopFuture<Void> {
        let promise = MultiThreadedEventLoopGroup.singleton.any().makePromise(of: Void.self)
        pending.withLock { $0.append(Entry(batch: batch, promise: promise)) }
        wake.yield()
        return promise.futureResult
    }

    var committed: (transactions: Int, batches: Int) { counters.withLock { $0 } }

    func run() async throws {
        await withTaskGroup(of: Void.self) { group in
            group.addTask {
                for await updates in self.announcements { await self.announce(updates) }
            }
            // Keep writing until shutdown, then drain what is left so nothing acknowledged is lost.
            await withGracefulShutdownHandler {
                for await _ in wakeup {
                    await drain()
                }
            } onGracefulShutdown: {
                self.wake.finish()
            }
            await drain()
            // The announcer ends once it has published everything committed.
            announcement.finish()
        }
    }

    private func drain() async {
        while true {
            let entries = pending.withLock { queue -> [Entry] in
                let taken = queue
                queue.removeAll(keepingCapacity: true)
                return taken
            }
            guard !entries.isEmpty else { return }
            var merged = JournalBatch()
            for entry in entries { merged.merge(entry.batch) }
            do {
                try await write(merged)
                counters.withLock { $0.transactions += 1; $0.batches += entries.count }
                for entry in entries { entry.promise.succeed(()) }
                if !merged.updates.isEmpty { announcement.yield(merged.updates) }
            } catch {
                logger.critical("order journal commit failed; the engine will resynchronise from the database",
                                metadata: ["error": "\(String(reflecting: error))", "batches": "\(entries.count)"])
                for entry in entries { entry.promise.fail(APIError.unavailable("journal_unavailable", "the order could not be stored; try again")) }
                failure.yield()
            }
        }
    }

    private func write(_ batch: JournalBatch) async throws {
        guard !batch.isEmpty else { return }
        try await storage.database().transaction { database in
            let sql = database as! any SQLDatabase
            try await Self.writeOrders(batch.orders.values.sorted { $0.id < $1.id }, sql: sql)
            try await Self.writeFills(batch.fills, sql: sql)
            try await Self.writePositions(batch.positions, sql: sql)
            try await Self.writeAccounts(batch.accounts.values.sorted { $0.accountID < $1.accountID }, sql: sql)
            try await Self.writePostings(batch.postings, sql: sql)
            for audit in batch.audits {
                let record = AuditRecordModel()
                record.actorID = audit.actor.id
                record.actorEmail = audit.actor.email
                record.area = audit.area
                record.action = audit.action
                record.target = audit.target
                record.beforeJSON = audit.beforeJSON
                record.afterJSON = audit.afterJSON
                record.createdAt = audit.at
                try await record.create(on: database)
            }
        }
    }

    private static func chunks<T>(_ items: [T], of size: Int = 100) -> [ArraySlice<T>] {
        stride(from: 0, to: items.count, by: size).map { items[$0..<min($0 + size, items.count)] }
    }

    private static func writeOrders(_ orders: [OrderRecord], sql: any SQLDatabase) async throws {
        for chunk in chunks(orders) {
            var insert = sql.insert(into: "orders").columns(
                "id", "account_id", "user_id", "client_order_id", "request_hash", "symbol", "side", "type", "time_in_force",
                "qty_lots", "limit_ticks", "stop_ticks", "status", "triggered", "filled_lots", "filled_notional_micros",
                "fees_micros", "reserved_micros", "reason", "created_at", "updated_at", "closed_at")
            for order in chunk {
                insert = insert.values(
                    SQLBind(Int64(order.id)), SQLBind(order.accountID), SQLBind(order.userID), SQLBind(order.clientOrderID),
                    SQLBind(order.requestHash), SQLBind(order.symbol), SQLBind(order.side.rawValue), SQLBind(order.type.rawValue),
                    SQLBind(order.timeInForce.rawValue), SQLBind(order.quantity.lots), SQLBind(order.limitPrice?.ticks),
                    SQLBind(order.stopPrice?.ticks), SQLBind(order.status.rawValue), SQLBind(order.triggered), SQLBind(order.filled.lots),
                    SQLBind(order.filledNotional.micros), SQLBind(order.fees.micros), SQLBind(order.reserved.micros),
                    SQLBind(order.reason), SQLBind(order.createdAt), SQLBind(order.updatedAt), SQLBind(order.closedAt))
            }
            try await insert.onConflict(with: ["id"]) { conflict in
                conflict.set(excludedValueOf: "status").set(excludedValueOf: "triggered").set(excludedValueOf: "filled_lots")
                    .set(excludedValueOf: "filled_notional_micros").set(excludedValueOf: "fees_micros").set(excludedValueOf: "reserved_micros")
                    .set(excludedValueOf: "reason").set(excludedValueOf: "updated_at").set(excludedValueOf: "closed_at")
                    .set(excludedValueOf: "limit_ticks")
            }.run()
        }
    }

    private static func writeFills(_ fills: [FillRecord], sql: any SQLDatabase) async throws {
        for chunk in chunks(fills) {
            var insert = sql.insert(into: "fills").columns(
                "order_id", "account_id", "user_id", "symbol", "side", "qty_lots", "price_ticks", "notional_micros", "fee_micros",
                "liquidity", "created_at")
            for fill in chunk {
                insert = insert.values(
                    SQLBind(Int64(fill.orderID)), SQLBind(fill.accountID), SQLBind(fill.userID), SQLBind(fill.symbol),
                    SQLBind(fill.side.rawValue), SQLBind(fill.quantity.lots), SQLBind(fill.price.ticks), SQLBind(fill.notional.micros),
                    SQLBind(fill.fee.micros), SQLBind(fill.liquidity), SQLBind(fill.at))
            }
            try await insert.run()
        }
    }

    /// Balances of every account the batch touched, in one statement per hundred accounts: with
    /// many traders, an UPDATE each made the commit (and so every acknowledgement) wait for one
    /// database round trip per account.
    private static func writeAccounts(_ accounts: [AccountState], sql: any SQLDatabase) async throws {
        let now = Date()
        for chunk in chunks(accounts) {
            let cash = chunk.map { account -> SQLQueryString in "WHEN \(bind: account.accountID) THEN \(bind: account.cash.micros)" }
            let reserved = chunk.map { account -> SQLQueryString in "WHEN \(bind: account.accountID) THEN \(bind: account.reserved.micros)" }
            let ids = chunk.map { account -> SQLQueryString in "\(bind: account.accountID)" }
            let query: SQLQueryString = "UPDATE accounts SET cash_micros = CASE id "
                + cash.joined(separator: " ") + " END, reserved_micros = CASE id " + reserved.joined(separator: " ")
                + " END, updated_at = \(bind: now) WHERE id IN (" + ids.joined(separator: ", ") + ")"
            try await sql.raw(query).run()
        }
    }

    private static func writePositions(_ positions: [PositionKey: PositionState], sql: any SQLDatabase) async throws {
        let rows = positions.sorted { ($0.key.accountID, $0.key.symbol) < ($1.key.accountID, $1.key.symbol) }
        for chunk in chunks(rows) {
            var insert = sql.insert(into: "positions").columns("account_id", "symbol", "qty_lots", "cost_micros", "realized_micros", "updated_at")
            for (key, position) in chunk {
                insert = insert.values(SQLBind(key.accountID), SQLBind(key.symbol), SQLBind(position.lots), SQLBind(position.cost.micros),
                                       SQLBind(position.realized.micros), SQLBind(Date()))
            }
            try await insert.onConflict(with: ["account_id", "symbol"]) { conflict in
                conflict.set(excludedValueOf: "qty_lots").set(excludedValueOf: "cost_micros").set(excludedValueOf: "realized_micros")
                    .set(excludedValueOf: "updated_at")
            }.run()
        }
    }

    private static func writePostings(_ postings: [Posting], sql: any SQLDatabase) async throws {
        for chunk in chunks(postings, of: 50) {
            var insert = sql.insert(into: LedgerEntryModel.schema).columns(
                "transaction_id", "ledger_account", "account_id", "kind", "amount_micros", "balance_after_micros", "description",
                "reference", "created_at")
            for posting in chunk {
                let transaction = UUID()
                insert = insert.values(
                    SQLBind(transaction), SQLBind("user:\(posting.accountID)"), SQLBind(posting.accountID), SQLBind(posting.kind.rawValue),
                    SQLBind(posting.amount.micros), SQLBind(posting.balanceAfter.micros), SQLBind(posting.description),
                    SQLBind(posting.reference), SQLBind(posting.at))
                insert = insert.values(
                    SQLBind(transaction), SQLBind(posting.platform.rawValue), SQLBind(Int64?.none), SQLBind(posting.kind.rawValue),
                    SQLBind(-posting.amount.micros), SQLBind(Int64?.none), SQLBind(posting.description),
                    SQLBind(posting.reference), SQLBind(posting.at))
            }
            try await insert.run()
        }
    }

    private func announce(_ updates: [TradeUpdate]) async {
        for update in updates {
            guard let instrument = catalogue[update.order.symbol] else { continue }
            let message = TradeUpdateMessage(update, instrument: instrument)
            do {
                let bytes = try JSONResponse.encoder.encode(message)
                try await bus.publish("trading.\(update.userID.uuidString.lowercased())", Array(bytes))
            } catch {
                logger.warning("trade update publish failed", metadata: ["error": "\(error)"])
            }
        }
    }
}
