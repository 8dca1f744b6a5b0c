import Redis
import Testing

@Suite struct RedisReconnectPolicyTests {
    private func milliseconds(_ duration: Duration) -> Double {
        Double(duration.components.seconds) * 1000 + Double(duration.components.attoseconds) / 1e15
    }

    @Test func growsExponentiallyUpToTheCap() {
        let policy = RedisReconnectPolicy(
            initialDelay: .milliseconds(100), maximumDelay: .seconds(1), multiplier: 2, jitter: 0,
            random: { 0.5 }
        )
        let delays = (0..<7).map { milliseconds(policy.delay(forAttempt: $0)) }
        for (delay, expected) in zip(delays, [100.0, 200, 400, 800, 1000, 1000, 1000]) {
            #expect(abs(delay - expected) < 0.001, "\(delays)")
        }
        // A very long outage must not overflow.
        #expect(abs(milliseconds(policy.delay(forAttempt: 10_000)) - 1000) < 0.001)
    }

    @Test func jitterScalesWithinTheConfiguredFraction() {
        let low = RedisReconnectPolicy(initialDelay: .milliseconds(400), jitter: 0.5, random: { 0 })
        let mid = RedisReconnectPolicy(initialDelay: .milliseconds(400), jitter: 0.5, random: { 0.5 })
        let high = RedisReconnectPolicy(initialDelay: .milliseconds(400), jitter: 0.5, random: { 0.999999 })
        #expect(abs(milliseconds(low.delay(forAttempt: 0)) - 200) < 0.001)
        #expect(abs(milliseconds(mid.delay(forAttempt: 0)) - 300) < 0.001)
        #expect(abs(milliseconds(high.delay(forAttempt: 0)) - 400) < 0.01)
    }
}
