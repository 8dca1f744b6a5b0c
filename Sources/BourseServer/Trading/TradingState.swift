import Foundation
import MarketCore

/// The trading side of the market, in memory: accounts' cash, reservations and positions, and
/// every open user order. Pure: given the simulator and the time, each command returns the
/// `JournalBatch` that makes it durable. The engine actor owns one of these next to the
/// simulator, so risk checks and matching see the same state with no locks.
struct TradingState: Sendable {
    var accounts: [Int64: AccountState] = [:]
    /// Open user orders by id.
    var openOrders: [UInt64: OrderRecord] = [:]
    var nextOrderID: UInt64 = 1
    let catalogue: InstrumentCatalogue
    /// `client_order_id`s seen since start, by user, with the order they created: a retry that
    /// races the first request's commit still finds it here.
    var clientOrders: [ClientOrderKey: (hash: String, orderID: UInt64)] = [:]
    /// Accounts whose every stored `client_order_id` is in `clientOrders` (read from the database
    /// once, when the account is first used here): for them, a key not in memory is a new one,
    /// and the order path asks the database nothing.
    var indexedAccounts: Set<Int64> = []

    struct ClientOrderKey: Hashable, Sendable {
        let userID: UUID
        let clientOrderID: String
    }

    /// A stop-market buy reserves cash at this many basis points above its stop: a triggered stop
    /// trades at the market, which may have moved past it.
    static let stopCollarBps: Int64 = 1_000

    init(catalogue: InstrumentCatalogue) { self.catalogue = catalogue }

    // MARK: Orders

    /// Risk-checks an order, reserves what it needs and sends it to the book.
    mutating func place(_ request: OrderRequest, simulator: inout MarketSimulator, now: Date) -> Result<(OrderRecord, JournalBatch), OrderRejection> {
        if let clientOrderID = request.clientOrderID, clientOrders[ClientOrderKey(userID: request.userID, clientOrderID: clientOrderID)] != nil {
            return .failure(.clientOrderIDInUse)
        }
        guard let instrument = catalogue[request.symbol], var account = accounts[request.accountID] else {
            return .failure(OrderRejection(status: 404, code: "unknown_symbol", reason: "no instrument '\(request.symbol)'"))
        }
        var position = account.positions[request.symbol] ?? PositionState()
        var reservePrice: Price?
        var shortLots: Int64 = 0
        if request.side == .sell {
            let available = max(0, position.lots - position.reservedSellLots)
            if request.quantity.lots > available {
                guard instrument.shortSellingAllowed else {
                    return .failure(.insufficientPosition(symbol: request.symbol, available: instrument.formatQuantity(Quantity(lots: available))))
                }
                shortLots = request.quantity.lots - available
            }
        }
        if request.side == .buy || shortLots > 0 {
            guard let price = Self.reservePrice(for: request, simulator: simulator, instrument: instrument) else {
                return .failure(.noLiquidity)
            }
            reservePrice = price
        }
        let reserveLots = request.side == .buy ? request.quantity.lots : shortLots
        let reserve = reservePrice.map { Self.cost(lots: reserveLots, price: $0, instrument: instrument) } ?? .zero
        guard reserve <= account.buyingPower else {
            return .failure(.insufficientBuyingPower(needed: reserve, available: account.buyingPower))
        }

        let id = nextOrderID
        nextOrderID += 1
        if let clientOrderID = request.clientOrderID {
            clientOrders[ClientOrderKey(userID: request.userID, clientOrderID: clientOrderID)] = (request.contentHash, id)
        }
        let record = OrderRecord(
            id: id, accountID: request.accountID, userID: request.userID, clientOrderID: request.clientOrderID,
            requestHash: request.contentHash, symbol: request.symbol, side: request.side, type: request.type,
            timeInForce: request.timeInForce, quantity: request.quantity, limitPrice: request.limitPrice, stopPrice: request.stopPrice,
            status: .new, triggered: false, filled: .zero, filledNotional: .zero, fees: .zero, reserved: reserve,
            reservePrice: reservePrice, reason: nil, createdAt: now, updatedAt: now, closedAt: nil)
        account.reserved += reserve
        if request.side == .sell { position.reservedSellLots += request.quantity.lots }
        account.positions[request.symbol] = position
        accounts[request.accountID] = account
        openOrders[id] = record

        var batch = JournalBatch()
        batch.orders[id] = record
        batch.accounts[account.accountID] = account
        let order = Order(id: id, owner: account.owner, side: request.side, type: request.type, timeInForce: request.timeInForce,
                          quantity: request.quantity, limitPrice: request.limitPrice, stopPrice: request.stopPrice)
        let events = simulator.submit(order, symbol: request.symbol)
        apply(events, symbol: request.symbol, now: now, into: &batch)
        // A book rejection (market closed, halted) is returned as a rejected order: it is recorded
        // like any other, and the caller answers 422 once it is stored.
        return .success((batch.orders[id] ?? record, batch))
    }

    /// Cancels an open order of `accountID`; nil when it has none open with that id.
    mutating func cancel(orderID: UInt64, accountID: Int64, simulator: inout MarketSimulator, now: Date) -> (OrderRecord, JournalBatch)? {
        guard let record = openOrders[orderID], record.accountID == accountID else { return nil }
        var batch = JournalBatch()
        let events = simulator.cancel(orderId: orderID, symbol: record.symbol)
        apply(events, symbol: record.symbol, now: now, into: &batch)
        if openOrders[orderID] != nil {
            // The book no longer knew it (it can only be an order lost to a restart): close it here.
            close(orderID, status: .canceled, reason: CancelReason.requested.rawValue, now: now, into: &batch, event: "canceled")
        }
        return (batch.orders[orderID] ?? record, batch)
    }

    /// Applies book events about user orders (from a command, or from a simulator step).
    mutating func apply(_ events: [OrderBookEvent], symbol: String, now: Date, into batch: inout JournalBatch) {
        for event in events {
            switch event {
            case .accepted(let orderID, _):
                if let record = openOrders[orderID] { batch.updates.append(TradeUpdate(event: "new", userID: record.userID, order: record, fill: nil)) }
            case .trade(let trade):
                if openOrders[trade.makerOrderId] != nil {
                    fill(trade.makerOrderId, trade: trade, fee: trade.makerFee, liquidity: "maker", now: now, into: &batch)
                }
                if openOrders[trade.takerOrderId] != nil {
                    fill(trade.takerOrderId, trade: trade, fee: trade.takerFee, liquidity: "taker", now: now, into: &batch)
                }
            case .canceled(let orderID, _, _, let reason):
                close(orderID, status: .canceled, reason: reason.rawValue, now: now, into: &batch, event: "canceled")
            case .expired(let orderID, _, _):
                close(orderID, status: .expired, reason: nil, now: now, into: &batch, event: "expired")
            case .rejected(let orderID, let code):
                close(orderID, status: .rejected, reason: code.rawValue, now: now, into: &batch, event: "rejected")
            case .triggered(let orderID, _):
                if var record = openOrders[orderID] {
                    record.triggered = true
                    record.updatedAt = now
                    openOrders[orderID] = record
                    batch.orders[orderID] = record
                }
            case .reduced, .moved:
                break
            }
        }
    }

    private mutating func fill(_ orderID: UInt64, trade: Trade, fee: Money, liquidity: String, now: Date, into batch: inout JournalBatch) {
        guard var record = openOrders[orderID], var account = accounts[record.accountID], let instrument = catalogue[record.symbol] else { return }
        let lots = trade.quantity.lots
        record.filled += trade.quantity
        record.filledNotional += trade.notional
        record.fees += fee
        record.updatedAt = now
        var position = account.positions[record.symbol] ?? PositionState()
        position.apply(lots: record.side == .buy ? lots : -lots, notional: trade.notional)
        if record.side == .sell { position.reservedSellLots -= lots }
        let quantityText = instrument.formatQuantity(trade.quantity)
        let priceText = instrument.formatPrice(trade.price)
        if record.side == .buy {
            account.cash -= trade.notional
            batch.postings.append(Posting(accountID: account.accountID, amount: -trade.notional, platform: .settlement, kind: .fill,
                                          description: "Bought \(quantityText) \(record.symbol) at \(priceText)",
                                          reference: "order:\(orderID)", balanceAfter: account.cash, at: now))
        } else {
            account.cash += trade.notional
            batch.postings.append(Posting(accountID: account.accountID, amount: trade.notional, platform: .settlement, kind: .fill,
                                          description: "Sold \(quantityText) \(record.symbol) at \(priceText)",
                                          reference: "order:\(orderID)", balanceAfter: account.cash, at: now))
        }
        if fee > .zero {
            account.cash -= fee
            batch.postings.append(Posting(accountID: account.accountID, amount: -fee, platform: .fees, kind: .fee,
                                          description: "\(liquidity == "maker" ? "Maker" : "Taker") fee on order \(orderID)",
                                          reference: "order:\(orderID)", balanceAfter: account.cash, at: now))
        }
        // The reservation follows what the order may still buy.
        let newReserve = record.remaining.lots > 0
            ? record.reservePrice.map { Self.cost(lots: reservedLots(record), price: $0, instrument: instrument) } ?? .zero
            : .zero
        account.reserved += newReserve - record.reserved
        record.reserved = newReserve
        account.positions[record.symbol] = position
        accounts[account.accountID] = account
        let fillRecord = FillRecord(orderID: orderID, accountID: account.accountID, userID: record.userID, symbol: record.symbol,
                                    side: record.side, quantity: trade.quantity, price: trade.price, notional: trade.notional,
                                    fee: fee, liquidity: liquidity, at: now)
        batch.fills.append(fillRecord)
        batch.positions[PositionKey(accountID: account.accountID, symbol: record.symbol)] = position
        batch.accounts[account.accountID] = account
        if record.remaining.lots == 0 {
            record.status = .filled
            record.closedAt = now
            openOrders[orderID] = nil
        } else {
            record.status = .partiallyFilled
            openOrders[orderID] = record
        }
        batch.orders[orderID] = record
        batch.updates.append(TradeUpdate(event: record.status == .filled ? "fill" : "partial_fill", userID: record.userID, order: record, fill: fillRecord))
    }

    /// Lots of an open order that hold cash: all of a buy's remainder; of a sell, the part
    /// beyond the position (a short).
    private func reservedLots(_ record: OrderRecord) -> Int64 {
        if record.side == .buy { return record.remaining.lots }
        guard record.reserved > .zero, let price = record.reservePrice, let instrument = catalogue[record.symbol] else { return 0 }
        let perLot = Self.cost(lots: 1, price: price, instrument: instrument)
        return min(record.remaining.lots, perLot.micros > 0 ? record.reserved.micros / perLot.micros : 0)
    }

    private mutating func close(_ orderID: UInt64, status: OrderStatus, reason: String?, now: Date, into batch: inout JournalBatch, event: String) {
        guard var record = openOrders[orderID], var account = accounts[record.accountID] else { return }
        account.reserved -= record.reserved
        record.reserved = .zero
        if record.side == .sell {
            var position = account.positions[record.symbol] ?? PositionState()
            position.reservedSellLots -= record.remaining.lots
            account.positions[record.symbol] = position
            batch.positions[PositionKey(accountID: account.accountID, symbol: record.symbol)] = position
        }
        record.status = status
        record.reason = reason
        record.updatedAt = now
        record.closedAt = now
        openOrders[orderID] = nil
        accounts[account.accountID] = account
        batch.accounts[account.accountID] = account
        batch.orders[orderID] = record
        batch.updates.append(TradeUpdate(event: event, userID: record.userID, order: record, fill: nil))
    }

    // MARK: Cash

    /// Adds virtual funds (an admin deposit).
    mutating func deposit(accountID: Int64, amount: Money, description: String, reference: String?, now: Date) -> JournalBatch {
        var batch = JournalBatch()
        guard var account = accounts[accountID] else { return batch }
        account.cash += amount
        accounts[accountID] = account
        batch.accounts[accountID] = account
        batch.postings.append(Posting(accountID: accountID, amount: amount, platform: .funding, kind: .deposit,
                                      description: description, reference: reference, balanceAfter: account.cash, at: now))
        return batch
    }

    /// Starts an account over: every open order canceled, every position closed (removed at no
    /// trade), cash back to the starting amount — one `reset` posting in the ledger.
    mutating func reset(accountID: Int64, simulator: inout MarketSimulator, now: Date) -> JournalBatch {
        var batch = JournalBatch()
        for (orderID, record) in openOrders.sorted(by: { $0.key < $1.key }) where record.accountID == accountID {
            apply(simulator.cancel(orderId: orderID, symbol: record.symbol), symbol: record.symbol, now: now, into: &batch)
            if openOrders[orderID] != nil { close(orderID, status: .canceled, reason: CancelReason.requested.rawValue, now: now, into: &batch, event: "canceled") }
        }
        guard var account = accounts[accountID] else { return batch }
        for symbol in account.positions.keys {
            account.positions[symbol] = PositionState()
            batch.positions[PositionKey(accountID: accountID, symbol: symbol)] = PositionState()
        }
        let difference = account.startingCash - account.cash
        account.cash = account.startingCash
        account.reserved = .zero
        accounts[accountID] = account
        batch.accounts[accountID] = account
        batch.postings.append(Posting(accountID: accountID, amount: difference, platform: .funding, kind: .reset,
                                      description: "Account reset to starting cash", reference: nil, balanceAfter: account.cash, at: now))
        return batch
    }

    // MARK: Pricing the reservation

    /// Notional of `lots` at `price` plus the larger of the instrument's fees, rounded up.
    static func cost(lots: Int64, price: Price, instrument: Instrument) -> Money {
        let notional = lots * price.ticks * instrument.microsPerTickLot
        let bps = Int64(max(instrument.makerFeeBps, instrument.takerFeeBps))
        let fee = (notional * bps + 9_999) / 10_000
        return Money(micros: notional + fee)
    }

    /// The price a buy (or short sell) reserves at: its limit; its stop plus a collar; or, for a
    /// market order, the worst price it can reach walking the book now.
    static func reservePrice(for request: OrderRequest, simulator: MarketSimulator, instrument: Instrument) -> Price? {
        switch request.type {
        case .limit, .stopLimit:
            return request.limitPrice
        case .stop:
            guard let stop = request.stopPrice else { return nil }
            if request.side == .sell { return stop }
            let collared = stop.ticks + (stop.ticks * stopCollarBps + 9_999) / 10_000
            return Price(ticks: min(collared, instrument.maxPrice.ticks))
        case .market:
            let levels = simulator.depth(symbol: request.symbol, side: request.side == .buy ? .sell : .buy, levels: 1_000)
            var needed = request.quantity.lots
            var worst: Price?
            for level in levels where needed > 0 {
                worst = level.price
                needed -= level.quantity.lots
            }
            return worst
        }
    }
}
