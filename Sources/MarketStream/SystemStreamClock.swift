import Foundation

/// The machine's wall clock, for real feeds.
public struct SystemStreamClock: StreamClock {
    /// Creates the clock.
    public init() {}

    public func now() -> Int64 { Int64((Date().timeIntervalSince1970 * 1000).rounded(.down)) }

    public func sleep(until deadline: Int64) async throws {
        let wait = deadline - now()
        if wait > 0 { try await Task.sleep(for: .milliseconds(wait)) }
    }
}
