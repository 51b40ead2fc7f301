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

    /// What a forked child hitting `point` with `SPARK_CRASHPOINT=point` wrote to stderr.
    static func stderr(hitting point: String) -> String {
        var fds: [Int32] = [0, 0]
        guard pipe(&fds) == 0 else { return "" }
        let pid = fork()
        if pid == 0 {
            dup2(fds[1], 2)
            setenv("SPARK_CRASHPOINT", point, 1)
            CrashPoint.hit(point)
            _exit(0)
        }
        close(fds[1])
        var status: Int32 = 0
        waitpid(pid, &status, 0)
        var buffer = [UInt8](repeating: 0, count: 256)
        let count = read(fds[0], &buffer, buffer.count)
        close(fds[0])
        return String(decoding: buffer.prefix(max(count, 0)), as: UTF8.self)
    }

    @Test func aCrashPointSaysWhereItKilledTheProcessOnStderr() {
        #expect(Self.stderr(hitting: "mid_cancel") == "spark: crash point mid_cancel: SIGKILL\n")
        #expect(CrashPoint.marker("after_send") == "spark: crash point after_send: SIGKILL\n")
    }

    @Test func aNamedCrashPointKillsTheProcessThereAndNowhereElse() {
        #expect(Self.child(named: "after_send", hitting: "after_send") == SIGKILL)
        #expect(Self.child(named: "after_send", hitting: "after_response") == 0)
        #expect(CrashPoint.names == ["after_intent_fsync", "after_send", "after_response", "mid_cancel"])
    }
}
