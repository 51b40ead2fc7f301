import Foundation
import SparkCore

/// Named points in an order's life where a debug build kills itself, so tests can restart from
/// there: `SPARK_CRASHPOINT=after_intent_fsync|after_send|after_response|mid_cancel`.
///
/// - `after_intent_fsync`: the order's intent is durable, the request not yet signed or sent.
/// - `after_send`: the exchange received the new-order request and answered; Spark has not read the
///   answer (fired by LiveLaunch's `CrashPointTransport`, as is `mid_cancel`).
/// - `after_response`: the answer is in hand, not yet journaled.
/// - `mid_cancel`: the exchange received the cancel and answered; Spark has not read the answer.
public enum CrashPoint {
    /// The points a test may name.
    public static let names = ["after_intent_fsync", "after_send", "after_response", "mid_cancel"]

    /// The line written to stderr just before the kill, so a test can tell where the process died.
    public static func marker(_ point: String) -> String { "spark: crash point \(point): SIGKILL\n" }

    /// Writes ``marker(_:)`` to stderr, then sends this process SIGKILL, when `SPARK_CRASHPOINT` names
    /// `point` (debug builds only).
    public static func hit(_ point: String) {
        #if DEBUG
        // getenv and write(2) (StandardError), not ProcessInfo or FileHandle: nothing that takes a
        // lock, so it also works in a forked child.
        if let value = getenv("SPARK_CRASHPOINT"), String(cString: value) == point {
            StandardError.write(marker(point))
            kill(getpid(), SIGKILL)
        }
        #endif
    }
}
