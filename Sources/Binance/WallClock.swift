import Foundation

/// A source of the local time in epoch milliseconds, injected so tests control it.
public protocol WallClock: Sendable {
    /// The local time now, in epoch milliseconds.
    func nowMs() -> Int64
}

/// The machine's clock: the only place the Binance code reads the real time.
public struct SystemWallClock: WallClock {
    /// The machine's clock.
    public init() {}

    public func nowMs() -> Int64 { Int64((Date().timeIntervalSince1970 * 1000).rounded()) }
}
