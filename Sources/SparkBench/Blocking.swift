// The bench's top level is synchronous; the live and market-data figures are async.
import Foundation

/// Runs async benchmark code to completion from synchronous code.
final class Blocking: @unchecked Sendable {
    private var failure: (any Error)?

    /// Runs `body` on the cooperative pool and waits for it; rethrows what it threw.
    static func run(_ body: @escaping @Sendable () async throws -> Void) throws {
        let box = Blocking()
        let done = DispatchSemaphore(value: 0)
        Task.detached {
            do { try await body() } catch { box.failure = error }
            done.signal()
        }
        done.wait()
        if let failure = box.failure { throw failure }
    }
}
