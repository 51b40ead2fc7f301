import Drivers
import Foundation

extension SessionSupervisor {
    /// Why the executor is not ready: the kill switch, a latched breaker, a session restarting or
    /// failed, a live session blocked, or a state directory it cannot write. Empty when ready.
    public func notReady() -> [String] {
        var reasons: [String] = []
        if let kill = GuardStateStore(directory: environment.project.stateDirectory).kill() {
            reasons.append("kill switch level \(kill.level): \(kill.reason)")
        }
        for session in list() {
            switch session.state {
            case "restarting": reasons.append("session \(session.id) is restarting: \(session.reason ?? "")")
            case "failed" where session.restarts > 0: reasons.append("session \(session.id) failed: \(session.reason ?? "")")
            default: break
            }
            guard ["running", "starting"].contains(session.state), let status = session.status else { continue }
            for breaker in status.breakersTripped { reasons.append("session \(session.id): breaker \(breaker) latched") }
            if let venue = status.venue, !venue.userStreamConnected { reasons.append("session \(session.id): the user stream is down") }
            if status.unknownOldestAgeSeconds > 0 { reasons.append("session \(session.id): an order's outcome is unknown") }
        }
        let probe = "\(environment.directory)/.ready-probe"
        // A few KiB, not an empty file: creating an empty file still succeeds on a full disk.
        if !FileManager.default.createFile(atPath: probe, contents: Data(repeating: 0x20, count: 8_192)) {
            reasons.append("cannot write \(environment.directory): journals and telemetry would fail")
        } else {
            try? FileManager.default.removeItem(atPath: probe)
        }
        return reasons
    }
}
