import Foundation
import MarketCore

/// How the simulated market runs.
public struct MarketSettings: Sendable {
    /// Real time between two simulator steps.
    public var stepMilliseconds: Int
    /// Simulated time per real time: 1 is real time, 60 runs a minute per second.
    public var speed: Double
    /// The random seed; the same seed, catalogue and commands give the same market.
    public var seed: UInt64
    /// The instruments; the built-in catalogue unless a file is given.
    public var catalogue: InstrumentCatalogue

    public init(stepMilliseconds: Int = 250, speed: Double = 1, seed: UInt64? = nil,
                catalogue: InstrumentCatalogue = .standard) {
        self.stepMilliseconds = stepMilliseconds
        self.speed = speed
        self.seed = seed ?? UInt64.random(in: 1...UInt64.max)
        self.catalogue = catalogue
    }

    func validate() throws {
        guard (10...60_000).contains(stepMilliseconds) else { throw ConfigurationError("the simulator step must be between 10 and 60000 ms") }
        guard speed.isFinite, speed > 0, speed <= 10_000 else { throw ConfigurationError("the simulation speed must be greater than 0 and at most 10000") }
    }

    /// Loads a catalogue file (JSON: `{"instruments": [...]}`), with a clear error.
    public static func loadCatalogue(path: String) throws -> InstrumentCatalogue {
        guard let data = FileManager.default.contents(atPath: path) else { throw ConfigurationError("cannot read the instruments file \(path)") }
        do {
            return try InstrumentCatalogue.decode(json: String(decoding: data, as: UTF8.self))
        } catch {
            throw ConfigurationError("the instruments file \(path) is invalid: \(error)")
        }
    }
}
