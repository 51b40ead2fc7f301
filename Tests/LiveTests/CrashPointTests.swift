import Foundation
import Live
import Testing

@Suite("Live: crash points")
struct CrashPointTests {
    /// Runs `point` in a forked child with `SPARK_CRASHPOINT=named`; returns the signal that ended it (0: a normal exit).
    static func child(named: String, hitting point: String) -> Int32 {
        let pid = fork()
        if pid == 0 {
            setenv("SPARK_CRASHPOINT", named, 1)
            CrashPoint.hit(point)
            _exit(0)
        }
        var status: Int32 = 0
        waitpid(pid, &status, 0)
        return status & 0x7f
    }

    @Test func aNamedCrashPointKillsTheProcessThereAndNowhereElse() {
        #expect(Self.child(named: "after_send", hitting: "after_send") == SIGKILL)
        #expect(Self.child(named: "after_send", hitting: "after_response") == 0)
        #expect(CrashPoint.names == ["after_intent_fsync", "after_send", "after_response", "mid_cancel"])
    }
}
