/// An operator action, fed to the engine as an event so a journal records it and a replay repeats it.
public enum ControlEvent: Sendable, Equatable {
    /// Turns the kill switch on (halt everything, cancel resting orders) or off.
    case kill(on: Bool, reason: String)
    /// Releases a breaker whose reset is manual (or any breaker, early), recording who and why.
    case resetBreaker(id: String, by: String, reason: String)
    /// Cancels every resting order and closes every position with orders that only reduce: the one
    /// kind of order an engaged kill switch (or a halted breaker, or a halted strategy) lets through.
    case flatten(by: String, reason: String)
}
