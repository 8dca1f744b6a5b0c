import Foundation
import MarketCore
import NIOCore

/// The engine's trading commands: each runs risk, book and bookkeeping in one actor turn and
/// queues its batch for durability in that same turn, so the journal sees commands in order.
extension MarketEngine {
    /// Whether the account's state is in memory.
    func hasAccount(_ accountID: Int64) -> Bool { trading.accounts[accountID] != nil }

    /// Takes an account loaded from the database, unless another request loaded it meanwhile.
    func adopt(_ account: AccountState) {
        if trading.accounts[account.accountID] == nil { trading.accounts[account.accountID] = account }
    }

    /// Brings an account's state into memory on its first use. The read happens outside the
    /// actor's turn; `adopt` keeps whichever copy arrived first.
    nonisolated func loadAccountIfNeeded(_ accountID: Int64, from store: TradingStore) async throws {
        guard await !hasAccount(accountID) else { return }
        guard let account = try await store.account(accountID: accountID) else { throw APIError.notFound("account_not_found", "no such account") }
        await adopt(account)
    }

    func clientOrder(_ key: TradingState.ClientOrderKey) -> (hash: String, orderID: UInt64)? { trading.clientOrders[key] }

    /// Makes `clientOrders` complete for the account: the ids stored by earlier runs of the
    /// process are read once; those placed since are there already (indexed when placed).
    nonisolated func indexClientOrdersIfNeeded(_ accountID: Int64, from store: TradingStore) async throws {
        guard await !isIndexed(accountID) else { return }
        let stored = try await store.clientOrders(accountID: accountID)
        await adoptClientOrders(accountID, stored)
    }

    private func isIndexed(_ accountID: Int64) -> Bool { trading.indexedAccounts.contains(accountID) }

    private func adoptClientOrders(_ accountID: Int64, _ stored: [(key: TradingState.ClientOrderKey, hash: String, orderID: UInt64)]) {
        guard !trading.indexedAccounts.contains(accountID) else { return }
        for entry in stored where trading.clientOrders[entry.key] == nil {
            trading.clientOrders[entry.key] = (entry.hash, entry.orderID)
        }
        trading.indexedAccounts.insert(accountID)
    }

    func place(_ request: OrderRequest, now: Date) throws -> (OrderRecord, EventLoopFuture<Void>) {
        let journal = try requireJournal()
        switch trading.place(request, simulator: &simulator, now: now) {
        case .failure(let rejection):
            throw APIError(.init(code: rejection.status), code: rejection.code, reason: rejection.reason)
        case .success(let (record, batch)):
            return (record, journal.enqueue(batch))
        }
    }

    /// Cancels one open order of the account; nil when it has no open order with that id.
    func cancel(orderID: UInt64, accountID: Int64, now: Date) throws -> (OrderRecord, EventLoopFuture<Void>)? {
        let journal = try requireJournal()
        guard let (record, batch) = trading.cancel(orderID: orderID, accountID: accountID, simulator: &simulator, now: now) else { return nil }
        return (record, journal.enqueue(batch))
    }

    /// Cancels every open order of the account.
    func cancelAll(accountID: Int64, now: Date) throws -> ([OrderRecord], EventLoopFuture<Void>) {
        let journal = try requireJournal()
        var batch = JournalBatch()
        var records: [OrderRecord] = []
        for orderID in trading.openOrders.keys.sorted() where trading.openOrders[orderID]?.accountID == accountID {
            if let (record, orderBatch) = trading.cancel(orderID: orderID, accountID: accountID, simulator: &simulator, now: now) {
                records.append(record)
                batch.merge(orderBatch)
            }
        }
        return (records, journal.enqueue(batch))
    }

    func deposit(accountID: Int64, amount: Money, description: String, reference: String?, audit: PendingAudit?, now: Date) throws -> (AccountState?, EventLoopFuture<Void>) {
        let journal = try requireJournal()
        var batch = trading.deposit(accountID: accountID, amount: amount, description: description, reference: reference, now: now)
        if let audit { batch.audits.append(audit) }
        return (trading.accounts[accountID], journal.enqueue(batch))
    }

    func reset(accountID: Int64, audit: PendingAudit?, now: Date) throws -> (AccountState?, EventLoopFuture<Void>) {
        let journal = try requireJournal()
        var batch = trading.reset(accountID: accountID, simulator: &simulator, now: now)
        if let audit { batch.audits.append(audit) }
        return (trading.accounts[accountID], journal.enqueue(batch))
    }

    /// Replaces the trading state with what the database holds and puts users' open orders
    /// back in the books (at start, and after a failed commit left memory ahead of storage).
    func loadTrading(_ snapshot: TradingSnapshot) {
        for (orderID, record) in trading.openOrders {
            _ = simulator.cancel(orderId: orderID, symbol: record.symbol)
        }
        var state = TradingState(catalogue: catalogue)
        state.nextOrderID = snapshot.nextOrderID
        for account in snapshot.accounts { state.accounts[account.accountID] = account }
        var restored: [String: [RestingOrder]] = [:]
        for record in snapshot.openOrders {
            guard let account = state.accounts[record.accountID] else { continue }
            state.openOrders[record.id] = record
            let order = Order(id: record.id, owner: account.owner, side: record.side, type: record.type, timeInForce: record.timeInForce,
                              quantity: record.quantity, limitPrice: record.limitPrice, stopPrice: record.stopPrice)
            let pendingStop = (record.type == .stop || record.type == .stopLimit) && !record.triggered
            restored[record.symbol, default: []].append(RestingOrder(order: order, remaining: record.remaining, isPendingStop: pendingStop))
        }
        trading = state
        for (symbol, orders) in restored {
            // Orders go back oldest first, so time priority among them is kept.
            let events = simulator.restoreOrders(orders.sorted { $0.order.id < $1.order.id }, symbol: symbol)
            var batch = JournalBatch()
            for event in events { if case .rejected = event { trading.apply([event], symbol: symbol, now: Date(), into: &batch) } }
            if !batch.isEmpty { _ = journal?.enqueue(batch) }
        }
    }

    private func requireJournal() throws -> OrderJournal {
        guard let journal else { throw APIError.unavailable("trading_unavailable", "trading is not available in this process") }
        return journal
    }

    func attach(_ journal: OrderJournal) { self.journal = journal }
}
