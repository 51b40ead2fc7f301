/// Where the fake's time comes from.
public enum FakeClockMode: Sendable, Equatable {
    /// Wall-clock time (plus advances and skew): for the executable and demos.
    case system
    /// A manual clock starting at this epoch millisecond; it moves only by `advanceClock`.
    case manual(startMs: Int64)
}
