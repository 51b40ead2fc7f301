#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif

/// Steele, Lea and Flood's SplitMix64: tiny, fast, and the same sequence on every platform.
///
/// The uniform and normal draws are written out here rather than taken from the standard library,
/// whose `random(in:using:)` algorithms are not promised to stay the same across Swift releases.
package struct SplitMix64: Sendable {
    private var state: UInt64
    private var spareNormal: Double?

    package init(seed: UInt64) {
        state = seed
    }

    package mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }

    /// Uniform in [0, 1), 53 random bits.
    package mutating func uniform() -> Double {
        Double(next() >> 11) * 0x1p-53
    }

    /// Standard normal by Box–Muller; the second value of each pair is kept for the next call.
    mutating func normal() -> Double {
        if let spare = spareNormal {
            spareNormal = nil
            return spare
        }
        let u1 = 1 - uniform() // (0, 1]: log stays finite
        let u2 = uniform()
        let radius = (-2 * log(u1)).squareRoot()
        spareNormal = radius * sin(2 * Double.pi * u2)
        return radius * cos(2 * Double.pi * u2)
    }
}
