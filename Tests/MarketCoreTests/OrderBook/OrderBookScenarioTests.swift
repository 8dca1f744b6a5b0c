import MarketCore
import Testing

/// One step of a scenario: a command, or the session end.
enum Step: Sendable {
    case command(OrderBookCommand)
    case expireDay
}

/// A feature-file style case: a book built by `given`, the events of `when`, the book afterwards.
struct BookScenario: Sendable, CustomStringConvertible {
    var name: String
    var given: [OrderBookCommand]
    var when: [Step]
    var events: [String]
    var book: String
    var description: String { name }
}

private typealias F = BookFixtures

let bookScenarios: [BookScenario] = [
    BookScenario(name: "limit buy below the ask rests", given: F.standard,
                 when: [.command(F.limit(10, .buy, 5, 100))],
                 events: ["accepted 10"],
                 book: "bids 100x5(1) 99x10(1) 98x15(1) | asks 101x10(1) 102x25(2)"),
    BookScenario(name: "crossing limit fills partially and rests the remainder", given: F.standard,
                 when: [.command(F.limit(10, .buy, 15, 101))],
                 events: ["accepted 10", "trade m1 t10 10@101"],
                 book: "bids 101x5(1) 99x10(1) 98x15(1) | asks 102x25(2)"),
    BookScenario(name: "limit sweeps two levels and trades at makers' prices", given: F.standard,
                 when: [.command(F.limit(10, .buy, 30, 102))],
                 events: ["accepted 10", "trade m1 t10 10@101", "trade m2 t10 20@102"],
                 book: "bids 99x10(1) 98x15(1) | asks 102x5(1)"),
    BookScenario(name: "time priority within a level", given: F.standard,
                 when: [.command(F.limit(10, .buy, 22, 102))],
                 events: ["accepted 10", "trade m1 t10 10@101", "trade m2 t10 12@102"],
                 book: "bids 99x10(1) 98x15(1) | asks 102x13(2)"),
    BookScenario(name: "sell limit sweeps bids and rests below the old bid", given: F.standard,
                 when: [.command(F.limit(10, .sell, 30, 98))],
                 events: ["accepted 10", "trade m4 t10 10@99", "trade m5 t10 15@98"],
                 book: "bids  | asks 98x5(1) 101x10(1) 102x25(2)"),
    BookScenario(name: "market buy walks the book; remainder canceled, never rests", given: F.standard,
                 when: [.command(F.market(10, .buy, 50, tif: .gtc))],
                 events: ["accepted 10", "trade m1 t10 10@101", "trade m2 t10 20@102", "trade m3 t10 5@102",
                          "canceled 10 15 no_liquidity"],
                 book: "bids 99x10(1) 98x15(1) | asks "),
    BookScenario(name: "market sell fills partially across levels", given: F.standard,
                 when: [.command(F.market(10, .sell, 12))],
                 events: ["accepted 10", "trade m4 t10 10@99", "trade m5 t10 2@98"],
                 book: "bids 98x13(1) | asks 101x10(1) 102x25(2)"),
    BookScenario(name: "market order against an empty side", given: [F.limit(4, .buy, 10, 99)],
                 when: [.command(F.market(10, .buy, 5, tif: .day))],
                 events: ["accepted 10", "canceled 10 5 no_liquidity"],
                 book: "bids 99x10(1) | asks "),
    BookScenario(name: "IOC fills what it can and cancels the rest", given: F.standard,
                 when: [.command(F.limit(10, .buy, 15, 101, tif: .ioc))],
                 events: ["accepted 10", "trade m1 t10 10@101", "canceled 10 5 ioc_unfilled"],
                 book: "bids 99x10(1) 98x15(1) | asks 102x25(2)"),
    BookScenario(name: "IOC that does not cross never rests", given: F.standard,
                 when: [.command(F.limit(10, .buy, 5, 100, tif: .ioc))],
                 events: ["accepted 10", "canceled 10 5 ioc_unfilled"],
                 book: "bids 99x10(1) 98x15(1) | asks 101x10(1) 102x25(2)"),
    BookScenario(name: "FOK that can fill does, completely", given: F.standard,
                 when: [.command(F.limit(10, .buy, 30, 102, tif: .fok))],
                 events: ["accepted 10", "trade m1 t10 10@101", "trade m2 t10 20@102"],
                 book: "bids 99x10(1) 98x15(1) | asks 102x5(1)"),
    BookScenario(name: "FOK larger than the book is killed untouched", given: F.standard,
                 when: [.command(F.limit(10, .buy, 36, 102, tif: .fok))],
                 events: ["accepted 10", "canceled 10 36 fok_not_fillable"],
                 book: "bids 99x10(1) 98x15(1) | asks 101x10(1) 102x25(2)"),
    BookScenario(name: "FOK limited by its price is killed", given: F.standard,
                 when: [.command(F.limit(10, .buy, 15, 101, tif: .fok))],
                 events: ["accepted 10", "canceled 10 15 fok_not_fillable"],
                 book: "bids 99x10(1) 98x15(1) | asks 101x10(1) 102x25(2)"),
    BookScenario(name: "market FOK beyond available liquidity is killed", given: F.standard,
                 when: [.command(F.market(10, .buy, 40, tif: .fok))],
                 events: ["accepted 10", "canceled 10 40 fok_not_fillable"],
                 book: "bids 99x10(1) 98x15(1) | asks 101x10(1) 102x25(2)"),
    BookScenario(name: "cancel a resting order", given: F.standard,
                 when: [.command(.cancel(orderId: 2))],
                 events: ["canceled 2 20 canceled"],
                 book: "bids 99x10(1) 98x15(1) | asks 101x10(1) 102x5(1)"),
    BookScenario(name: "cancel an unknown order", given: F.standard,
                 when: [.command(.cancel(orderId: 99)), .command(.cancel(orderId: 2)), .command(.cancel(orderId: 2))],
                 events: ["rejected 99 order_not_found", "canceled 2 20 canceled", "rejected 2 order_not_found"],
                 book: "bids 99x10(1) 98x15(1) | asks 101x10(1) 102x5(1)"),
    BookScenario(name: "a filled order cannot be canceled", given: F.standard,
                 when: [.command(F.limit(10, .buy, 10, 101)), .command(.cancel(orderId: 1))],
                 events: ["accepted 10", "trade m1 t10 10@101", "rejected 1 order_not_found"],
                 book: "bids 99x10(1) 98x15(1) | asks 102x25(2)"),
    BookScenario(name: "duplicate id of an open order is rejected", given: F.standard,
                 when: [.command(F.limit(1, .buy, 1, 90))],
                 events: ["rejected 1 duplicate_order_id"],
                 book: "bids 99x10(1) 98x15(1) | asks 101x10(1) 102x25(2)"),
    BookScenario(name: "malformed orders are rejected with stable codes", given: F.standard,
                 when: [
                    .command(.place(Order(id: 20, owner: 1, side: .buy, type: .limit, timeInForce: .gtc, quantity: Quantity(lots: 1)))),
                    .command(.place(Order(id: 21, owner: 1, side: .buy, type: .market, timeInForce: .ioc, quantity: Quantity(lots: 1), limitPrice: Price(ticks: 5)))),
                    .command(F.limit(22, .buy, 0, 100)),
                    .command(F.limit(23, .buy, -3, 100)),
                    .command(F.limit(24, .buy, 1, 0)),
                    .command(.place(Order(id: 25, owner: 1, side: .sell, type: .stop, timeInForce: .gtc, quantity: Quantity(lots: 1)))),
                    .command(.place(Order(id: 26, owner: 1, side: .sell, type: .limit, timeInForce: .gtc, quantity: Quantity(lots: 1), limitPrice: Price(ticks: 5), stopPrice: Price(ticks: 4)))),
                    .command(F.limit(27, .buy, 1_000_001, 100)),
                    .command(F.limit(28, .buy, 1, 100_000_001)),
                    .command(.place(Order(id: 29, owner: 1, side: .sell, type: .stopLimit, timeInForce: .gtc, quantity: Quantity(lots: 1), stopPrice: Price(ticks: 4)))),
                 ],
                 events: ["rejected 20 limit_price_required", "rejected 21 limit_price_not_allowed", "rejected 22 invalid_quantity",
                          "rejected 23 invalid_quantity", "rejected 24 invalid_price", "rejected 25 stop_price_required",
                          "rejected 26 stop_price_not_allowed", "rejected 27 qty_too_large", "rejected 28 price_too_large",
                          "rejected 29 limit_price_required"],
                 book: "bids 99x10(1) 98x15(1) | asks 101x10(1) 102x25(2)"),
    BookScenario(name: "self-trade prevention cancels the resting order and keeps matching",
                 given: F.standard,
                 when: [.command(F.limit(10, .buy, 15, 102, owner: F.owner(1)))],
                 events: ["accepted 10", "canceled 1 10 self_trade_prevention", "trade m2 t10 15@102"],
                 book: "bids 99x10(1) 98x15(1) | asks 102x10(2)"),
    BookScenario(name: "self-trade prevention never trades an owner with themself on a market order",
                 given: [F.limit(1, .sell, 10, 101), F.limit(2, .sell, 10, 102, owner: F.owner(1))],
                 when: [.command(F.market(10, .buy, 5, owner: F.owner(1)))],
                 events: ["accepted 10", "canceled 1 10 self_trade_prevention", "canceled 2 10 self_trade_prevention",
                          "canceled 10 5 no_liquidity"],
                 book: "bids  | asks "),
    BookScenario(name: "FOK fill-ability ignores the owner's own orders and leaves them alone",
                 given: F.standard,
                 when: [.command(F.limit(10, .buy, 30, 102, tif: .fok, owner: F.owner(1)))],
                 events: ["accepted 10", "canceled 10 30 fok_not_fillable"],
                 book: "bids 99x10(1) 98x15(1) | asks 101x10(1) 102x25(2)"),
    BookScenario(name: "stop waits for a trade at its price, then trades as market", given: F.standard,
                 when: [.command(F.stop(10, .buy, 5, stop: 101)), .command(F.market(11, .buy, 3))],
                 events: ["accepted 10", "accepted 11", "trade m1 t11 3@101", "triggered 10", "trade m1 t10 5@101"],
                 book: "bids 99x10(1) 98x15(1) | asks 101x2(1) 102x25(2)"),
    BookScenario(name: "pending stops are not in the depth and can be canceled", given: F.standard,
                 when: [.command(F.stop(10, .sell, 5, stop: 90)), .command(.cancel(orderId: 10))],
                 events: ["accepted 10", "canceled 10 5 canceled"],
                 book: "bids 99x10(1) 98x15(1) | asks 101x10(1) 102x25(2)"),
    BookScenario(name: "stop-limit triggers, trades to its limit and rests the rest", given: F.standard,
                 when: [.command(F.stop(10, .sell, 20, stop: 99, limit: 98)), .command(F.market(11, .sell, 10))],
                 events: ["accepted 10", "accepted 11", "trade m4 t11 10@99", "triggered 10", "trade m5 t10 15@98"],
                 book: "bids  | asks 98x5(1) 101x10(1) 102x25(2)"),
    BookScenario(name: "stop whose price has already traded triggers at once",
                 given: F.standard + [F.market(20, .buy, 1)],
                 when: [.command(F.stop(10, .buy, 2, stop: 100))],
                 events: ["accepted 10", "triggered 10", "trade m1 t10 2@101"],
                 book: "bids 99x10(1) 98x15(1) | asks 101x7(1) 102x25(2)"),
    BookScenario(name: "stops cascade: one stop's trades trigger the next", given: F.standard,
                 when: [.command(F.stop(10, .buy, 12, stop: 101)), .command(F.stop(11, .buy, 5, stop: 102)),
                        .command(F.market(12, .buy, 1))],
                 events: ["accepted 10", "accepted 11", "accepted 12", "trade m1 t12 1@101", "triggered 10",
                          "trade m1 t10 9@101", "trade m2 t10 3@102", "triggered 11", "trade m2 t11 5@102"],
                 book: "bids 99x10(1) 98x15(1) | asks 102x17(2)"),
    BookScenario(name: "oldest triggered stop goes first", given: F.standard,
                 when: [.command(F.stop(10, .buy, 1, stop: 101)), .command(F.stop(11, .buy, 1, stop: 100)),
                        .command(F.market(12, .buy, 1))],
                 events: ["accepted 10", "accepted 11", "accepted 12", "trade m1 t12 1@101", "triggered 10",
                          "trade m1 t10 1@101", "triggered 11", "trade m1 t11 1@101"],
                 book: "bids 99x10(1) 98x15(1) | asks 101x7(1) 102x25(2)"),
    BookScenario(name: "a pending stop cannot be moved", given: F.standard,
                 when: [.command(F.stop(10, .sell, 5, stop: 90)), .command(.move(orderId: 10, price: Price(ticks: 95)))],
                 events: ["accepted 10", "rejected 10 order_not_movable"],
                 book: "bids 99x10(1) 98x15(1) | asks 101x10(1) 102x25(2)"),
    BookScenario(name: "move to a new price", given: F.standard,
                 when: [.command(.move(orderId: 4, price: Price(ticks: 100)))],
                 events: ["moved 4 to 100"],
                 book: "bids 100x10(1) 98x15(1) | asks 101x10(1) 102x25(2)"),
    BookScenario(name: "move across the spread trades at once", given: F.standard,
                 when: [.command(.move(orderId: 4, price: Price(ticks: 102)))],
                 events: ["moved 4 to 102", "trade m1 t4 10@101"],
                 book: "bids 98x15(1) | asks 102x25(2)"),
    BookScenario(name: "move loses time priority", given: F.standard + [F.limit(6, .buy, 5, 99)],
                 when: [.command(.move(orderId: 4, price: Price(ticks: 99))), .command(F.market(11, .sell, 3))],
                 events: ["moved 4 to 99", "accepted 11", "trade m6 t11 3@99"],
                 book: "bids 99x12(2) 98x15(1) | asks 101x10(1) 102x25(2)"),
    BookScenario(name: "move with a bad price is rejected", given: F.standard,
                 when: [.command(.move(orderId: 4, price: Price(ticks: 0))), .command(.move(orderId: 77, price: Price(ticks: 5)))],
                 events: ["rejected 4 invalid_price", "rejected 77 order_not_found"],
                 book: "bids 99x10(1) 98x15(1) | asks 101x10(1) 102x25(2)"),
    BookScenario(name: "reduce keeps time priority", given: F.standard,
                 when: [.command(.reduce(orderId: 2, by: Quantity(lots: 5))), .command(F.market(10, .buy, 25))],
                 events: ["reduced 2 to 15", "accepted 10", "trade m1 t10 10@101", "trade m2 t10 15@102"],
                 book: "bids 99x10(1) 98x15(1) | asks 102x5(1)"),
    BookScenario(name: "reduce to nothing cancels", given: F.standard,
                 when: [.command(.reduce(orderId: 1, by: Quantity(lots: 12))), .command(.reduce(orderId: 2, by: Quantity(lots: 0)))],
                 events: ["canceled 1 10 canceled", "rejected 2 invalid_quantity"],
                 book: "bids 99x10(1) 98x15(1) | asks 102x25(2)"),
    BookScenario(name: "session end expires day orders, resting and pending, oldest first",
                 given: [F.limit(1, .sell, 10, 101, tif: .day), F.limit(2, .sell, 5, 102), F.stop(3, .buy, 4, stop: 110, tif: .day),
                         F.limit(4, .buy, 10, 99, tif: .day), F.limit(5, .buy, 7, 98)],
                 when: [.expireDay],
                 events: ["expired 1 10", "expired 3 4", "expired 4 10"],
                 book: "bids 98x7(1) | asks 102x5(1)"),
    BookScenario(name: "restore puts orders back without matching and refuses a crossing one", given: F.standard,
                 when: [
                    .command(.restore(RestingOrder(order: Order.limit(id: 30, owner: 5, .buy, 8, at: 100), remaining: Quantity(lots: 3), isPendingStop: false))),
                    .command(.restore(RestingOrder(order: Order.limit(id: 31, owner: 5, .buy, 8, at: 101), remaining: Quantity(lots: 8), isPendingStop: false))),
                    .command(.restore(RestingOrder(order: Order.market(id: 32, owner: 5, .buy, 8), remaining: Quantity(lots: 8), isPendingStop: false))),
                 ],
                 events: ["accepted 30", "rejected 31 would_cross", "rejected 32 order_not_restorable"],
                 book: "bids 100x3(1) 99x10(1) 98x15(1) | asks 101x10(1) 102x25(2)"),
]

@Suite("Order book scenarios")
struct OrderBookScenarioTests {
    @Test(arguments: BookKind.allCases, bookScenarios)
    func scenario(kind: BookKind, scenario: BookScenario) throws {
        var book = kind.make()
        var scratch: [OrderBookEvent] = []
        for command in scenario.given { book.apply(command, into: &scratch) }
        #expect(!scratch.contains { if case .rejected = $0 { return true } else { return false } }, "setup rejected: \(Render.events(scratch))")
        var events: [OrderBookEvent] = []
        for step in scenario.when {
            switch step {
            case .command(let command): book.apply(command, into: &events)
            case .expireDay: book.expireDay(into: &events)
            }
            try book.validateInvariants()
        }
        #expect(Render.events(events) == scenario.events)
        #expect(Render.book(book) == scenario.book)
    }
}
