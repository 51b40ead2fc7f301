/// A state-changing request, and which key roles may make it.
public enum ControlAction: String, Sendable, CaseIterable {
    case killEngage = "kill.engage"
    case killRelease = "kill.release"
    case breakerReset = "breaker.reset"
    case flatten
    case paperStart = "paper.start"
    case paperStop = "paper.stop"
    case liveStart = "live.start"
    case liveStop = "live.stop"
    case jobSubmit = "job.submit"

    /// The roles of which a key needs one; nil means any registered key. Engaging the kill switch is
    /// open to every key on purpose: whoever sees trouble must be able to stop trading.
    public var roles: Set<String>? {
        switch self {
        case .killEngage, .paperStart, .paperStop, .jobSubmit: nil
        case .killRelease, .breakerReset, .flatten, .liveStart, .liveStop: ["risk", "operator"]
        }
    }
}
