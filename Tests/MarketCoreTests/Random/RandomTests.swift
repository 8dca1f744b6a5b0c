import MarketCore
import Testing

@Suite("Seeded random numbers")
struct RandomTests {
    @Test func splitMixMatchesTheReferenceStream() {
        var rng = SplitMix64(seed: 0)
        #expect(rng.next() == 0xE220_A839_7B1D_CDAF)
        #expect(rng.next() == 0x6E78_9E6A_A1B9_65F4)
    }

    @Test func sameSeedSameStreamDifferentSeedDifferentStream() {
        var a = Xoshiro256StarStar(seed: 7)
        var b = Xoshiro256StarStar(seed: 7)
        var c = Xoshiro256StarStar(seed: 8)
        let sa = (0..<100).map { _ in a.next() }
        #expect(sa == (0..<100).map { _ in b.next() })
        #expect(sa != (0..<100).map { _ in c.next() })
    }

    @Test func variatesHaveTheirMoments() {
        var rng = Xoshiro256StarStar(seed: 2024)
        let n = 200_000
        var sum = 0.0, sumSq = 0.0, uniformMin = 1.0, uniformMax = 0.0, poisson = 0
        for _ in 0..<n {
            let z = rng.nextStandardNormal()
            sum += z
            sumSq += z * z
            let u = rng.nextUnit()
            uniformMin = min(uniformMin, u)
            uniformMax = max(uniformMax, u)
            poisson += rng.nextPoisson(mean: 0.7)
        }
        #expect(abs(sum / Double(n)) < 0.01)
        #expect(abs(sumSq / Double(n) - 1) < 0.015)
        #expect(uniformMin >= 0 && uniformMax < 1 && uniformMax > 0.999)
        #expect(abs(Double(poisson) / Double(n) - 0.7) < 0.01)
        var counts = [Int](repeating: 0, count: 5)
        for _ in 0..<50_000 { counts[Int(rng.nextInt(in: -2...2) + 2)] += 1 }
        #expect(counts.allSatisfy { abs($0 - 10_000) < 400 })
    }
}
