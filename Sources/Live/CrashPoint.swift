import Foundation

/// Named points in an order's life where a debug build kills itself, so tests can restart from
/// there: `SPARK_CRASHPOINT=after_intent_fsync|after_send|after_response|mid_cancel`.
public enum CrashPoint {
    /// The points a test may name.
    public static let names = ["after_intent_fsync", "after_send", "after_response", "mid_cancel"]

    /// Sends this process SIGKILL when `SPARK_CRASHPOINT` names `point` (debug builds only).
    public static func hit(_ point: String) {
        #if DEBUG
        // getenv, not ProcessInfo: nothing that takes a lock, so it also works in a forked child.
        if let value = getenv("SPARK_CRASHPOINT"), String(cString: value) == point {
            kill(getpid(), SIGKILL)
        }
        #endif
    }
}
