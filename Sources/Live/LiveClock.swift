import Foundation

/// The local wall clock in epoch milliseconds, injected so tests run timers without waiting.
public protocol LiveClock: Sendable {
    func now() -> Int64
}

/// The system's clock.
public struct SystemLiveClock: LiveClock {
    /// The system clock.
    public init() {}
    /// Now, in epoch milliseconds.
    public func now() -> Int64 { Int64((Date().timeIntervalSince1970 * 1000).rounded()) }
}
