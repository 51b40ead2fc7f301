import Testing
@testable import MarketStream

@Suite struct ReconnectBackoffTests {
    @Test func theSameSeedWaitsTheSameAndAnotherSeedDiffers() {
        let one = ReconnectBackoff(seed: 7), again = ReconnectBackoff(seed: 7), other = ReconnectBackoff(seed: 8)
        let waits = (1...8).map(one.delay)
        #expect(waits == (1...8).map(again.delay))
        #expect(waits != (1...8).map(other.delay))
    }

    @Test func waitsGrowExponentiallyWithinTheJitterAndStopAtTheCap() {
        let backoff = ReconnectBackoff(baseMs: 500, capMs: 30_000, jitter: 0.2, seed: 3)
        for attempt in 1...6 {
            let exponential = Int64(500) << (attempt - 1)
            #expect((exponential...exponential + exponential / 5).contains(backoff.delay(attempt: attempt)))
        }
        #expect((1...100).allSatisfy { backoff.delay(attempt: $0) <= 30_000 })
        #expect(backoff.delay(attempt: 100) >= 24_000)
        #expect(ReconnectBackoff(jitter: 0).delay(attempt: 3) == 2000)
    }
}
