import Dispatch
import Foundation

extension Spark {
    /// On SIGINT or SIGTERM: sets ``stopRequested`` and calls `onStop` (ending a live feed at once).
    /// Keep the returned sources alive for as long as the session runs; cancel them after.
    static func stopOnSignals(_ onStop: @escaping @Sendable () -> Void = {}) -> [any DispatchSourceSignal] {
        [SIGINT, SIGTERM].map { number in
            signal(number, SIG_IGN)
            let source = DispatchSource.makeSignalSource(signal: number)
            source.setEventHandler {
                stopRequested.store(true, ordering: .relaxed)
                onStop()
            }
            source.resume()
            return source
        }
    }
}
