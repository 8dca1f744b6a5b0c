import FluentKit
import Foundation

/// What the simulator needs to resume an instrument where it was: last price, fair value,
/// scenario and halt. Written only by the trading role.
final class InstrumentStateModel: Model, @unchecked Sendable {
    static let schema = "instrument_state"

    @ID(custom: "symbol", generatedBy: .user) var id: String?
    @OptionalField(key: "last_price_ticks") var lastPriceTicks: Int64?
    @OptionalField(key: "fair_value") var fairValue: Double?
    @Field(key: "halted") var halted: Bool
    @Field(key: "scenario_json") var scenarioJSON: String
    @Field(key: "updated_at") var updatedAt: Date

    init() {}
}
