import Foundation

/// Continuous and discrete variates drawn from any generator, reproducibly (no hidden caches).
extension RandomNumberGenerator {
    /// Uniform in [0, 1) with 53 random bits.
    @inline(__always)
    public mutating func nextUnit() -> Double {
        Double(next() >> 11) * 0x1.0p-53
    }

    /// Standard normal by Box–Muller; one variate per call so the stream never depends on call parity.
    public mutating func nextStandardNormal() -> Double {
        // 1 - u keeps the logarithm's argument in (0, 1].
        let u1 = 1.0 - nextUnit()
        let u2 = nextUnit()
        return (-2.0 * Foundation.log(u1)).squareRoot() * Foundation.cos(2.0 * Double.pi * u2)
    }

    /// Normal with the given mean and standard deviation.
    public mutating func nextNormal(mean: Double, stdev: Double) -> Double {
        mean + stdev * nextStandardNormal()
    }

    /// Poisson by Knuth's product method; meant for small means (jump counts per step).
    public mutating func nextPoisson(mean: Double) -> Int {
        guard mean > 0 else { return 0 }
        if mean > 30 {
            // Normal approximation keeps large means cheap; jump counts never get here in practice.
            return max(0, Int((mean + mean.squareRoot() * nextStandardNormal()).rounded()))
        }
        let limit = Foundation.exp(-mean)
        var product = nextUnit()
        var count = 0
        while product > limit {
            count += 1
            product *= nextUnit()
        }
        return count
    }

    /// Exponential with the given rate.
    public mutating func nextExponential(rate: Double) -> Double {
        -Foundation.log(1.0 - nextUnit()) / rate
    }

    /// True with probability `p`.
    @inline(__always)
    public mutating func nextBool(probability p: Double) -> Bool { nextUnit() < p }

    /// Uniform integer in `range`, unbiased (Lemire's multiply-and-reject), spelled out here so the
    /// stream cannot change with the standard library's own algorithm.
    @inline(__always)
    public mutating func nextInt(in range: ClosedRange<Int64>) -> Int64 {
        let width = UInt64(bitPattern: range.upperBound &- range.lowerBound) &+ 1
        if width == 0 { return Int64(bitPattern: next()) }
        var m = next().multipliedFullWidth(by: width)
        if m.low < width {
            let threshold = (0 &- width) % width
            while m.low < threshold { m = next().multipliedFullWidth(by: width) }
        }
        return range.lowerBound &+ Int64(bitPattern: m.high)
    }
}
