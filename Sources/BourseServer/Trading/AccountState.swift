import Foundation
import MarketCore

/// What the trading engine holds in memory of one paper account: the owner of its cash while
/// the process runs, loaded from the database on first use and written back through the journal.
struct AccountState: Sendable, Equatable {
    let accountID: Int64
    let userID: UUID
    var cash: Money
    var reserved: Money
    let startingCash: Money
    var positions: [String: PositionState]

    var buyingPower: Money { cash - reserved }

    /// The book's owner id for this account: account ids are shifted past the range the
    /// simulator reserves for its own agents.
    var owner: UInt64 { HouseAccounts.userOwnerFloor + UInt64(accountID) }

}
