/// Account and order ids reserved for the simulator's own agents.
///
/// Owners below `userOwnerFloor` are the house (market makers, noise, momentum and value traders);
/// user accounts must be at or above it. Order ids with the top bit set are the agents'; a server's
/// order ids must stay below `agentOrderIdFloor`. Both rules are enforced on every user submission.
public enum HouseAccounts {
    public static let userOwnerFloor: UInt64 = 1_000
    public static let agentOrderIdFloor: UInt64 = 1 << 63

    public static let primaryMarketMaker: UInt64 = 1
    public static let secondaryMarketMaker: UInt64 = 2
    public static let noiseTrader: UInt64 = 10
    public static let momentumTrader: UInt64 = 20
    public static let valueTrader: UInt64 = 21

    @inline(__always)
    public static func isHouse(_ owner: UInt64) -> Bool { owner < userOwnerFloor }
}
