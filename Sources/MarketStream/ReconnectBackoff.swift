/// Exponential back-off with seeded jitter, capped: the wait before reconnect attempt `n`.
///
/// The jitter is a pure function of (seed, attempt), so a run with the same seed waits the same.
public struct ReconnectBackoff: Sendable, Equatable {
    /// The first wait, ms.
    public var baseMs: Int64
    /// No wait is longer, jitter included, ms.
    public var capMs: Int64
    /// Up to this share of the wait is added at random (0.2 = up to +20 %).
    public var jitter: Double
    /// Seeds the jitter.
    public var seed: UInt64

    /// Creates a back-off.
    public init(baseMs: Int64 = 500, capMs: Int64 = 30_000, jitter: Double = 0.2, seed: UInt64 = 1) {
        (self.baseMs, self.capMs, self.jitter, self.seed) = (baseMs, capMs, jitter, seed)
    }

    /// The wait before attempt `attempt` (1 for the first reconnect), ms.
    public func delay(attempt: Int) -> Int64 {
        let doublings = min(max(attempt - 1, 0), 40)
        let exponential = min(capMs, baseMs.multipliedReportingOverflow(by: Int64(1) << doublings).overflow ? capMs : baseMs << doublings)
        let unit = Double(Self.mix(seed &+ UInt64(attempt) &* 0x9E37_79B9_7F4A_7C15) >> 11) / Double(1 << 53)
        return min(capMs, exponential + Int64(Double(exponential) * jitter * unit))
    }

    /// SplitMix64's finaliser: a well-spread 64-bit value from any input.
    static func mix(_ input: UInt64) -> UInt64 {
        var z = input &+ 0x9E37_79B9_7F4A_7C15
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
}
