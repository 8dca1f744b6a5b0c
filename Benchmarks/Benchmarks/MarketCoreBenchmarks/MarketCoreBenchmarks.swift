import Benchmark
import MarketCore

/// One book replaying the exchange-core style stream; wraps around to a fresh book at the end.
final class BookReplay: @unchecked Sendable {
    let mix: ExchangeCoreMix
    var book = FastOrderBook(instrument: ExchangeCoreMix.instrument)
    var events: [OrderBookEvent] = []
    var next = 0

    init(count: Int) {
        mix = ExchangeCoreMix(count: count, seed: 2026)
        events.reserveCapacity(64)
    }

    @inline(__always)
    func applyNext() {
        if next == mix.commands.count {
            next = 0
            book = FastOrderBook(instrument: ExchangeCoreMix.instrument)
        }
        events.removeAll(keepingCapacity: true)
        book.apply(mix.commands[next], into: &events)
        next += 1
    }
}

let benchmarks: @Sendable () -> Void = {
    let replay = BookReplay(count: 2_000_000)
    // Warm the pools so steady state, not growth, is measured.
    for _ in 0..<200_000 { replay.applyNext() }

    Benchmark(
        "Matching exchange-core mix (batches of 1000 commands)",
        configuration: .init(
            metrics: [.wallClock, .throughput, .cpuTotal, .mallocCountTotal],
            scalingFactor: .kilo,
            maxDuration: .seconds(10),
            maxIterations: 5_000
        )
    ) { benchmark in
        for _ in benchmark.scaledIterations { replay.applyNext() }
    }

    Benchmark(
        "Matching exchange-core mix (one command per sample)",
        configuration: .init(
            metrics: [.wallClock, .throughput],
            scalingFactor: .one,
            maxDuration: .seconds(10),
            maxIterations: 1_000_000
        )
    ) { _ in
        replay.applyNext()
    }

    let start: Int64 = 1_767_571_200_000 + 15 * 3_600_000 // Monday 15:00 UTC: every session open
    var simulator = MarketSimulator(seed: 42, startMillis: start)
    var output = SimulatorOutput()
    var now = start
    for _ in 0..<400 {
        now += 250
        output.removeAll()
        simulator.step(nowMillis: now, into: &output)
    }
    nonisolated(unsafe) var sim = simulator
    nonisolated(unsafe) var simOutput = output
    nonisolated(unsafe) var simNow = now

    Benchmark(
        "Simulator step, default catalogue, 250 ms of simulated time",
        configuration: .init(
            metrics: [.wallClock, .cpuTotal, .mallocCountTotal],
            scalingFactor: .one,
            maxDuration: .seconds(10),
            maxIterations: 20_000
        )
    ) { _ in
        simNow += 250
        simOutput.removeAll()
        sim.step(nowMillis: simNow, into: &simOutput)
        blackHole(simOutput.trades.count)
    }
}
