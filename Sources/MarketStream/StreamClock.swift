/// The feed's time: epoch milliseconds now, and waiting until a time. Injected so tests drive the
/// 24 h roll, the silence timeout and back-off in milliseconds of real time.
public protocol StreamClock: Sendable {
    /// The time now, epoch ms.
    func now() -> Int64
    /// Returns once `now()` has reached `deadline` (epoch ms); throws when the task is cancelled.
    func sleep(until deadline: Int64) async throws
}
