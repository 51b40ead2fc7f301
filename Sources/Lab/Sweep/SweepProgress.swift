/// A snapshot of a running sweep, handed to the progress display after every scenario.
public struct SweepProgress: Sendable {
    public var done: Int
    public var total: Int
    /// Of ``done``, how many came from the store instead of running.
    public var reused: Int
    public var failed: Int
    /// Seconds since the sweep started.
    public var elapsed: Double
    /// Scenarios run (not reused) so far; the rate and ETA count only these.
    public var ran: Int
    /// The best eligible objective value so far and its params.
    public var best: (value: Double, params: String)?

    /// Scenarios per second actually run.
    public var rate: Double { elapsed > 0 ? Double(ran) / elapsed : 0 }

    /// Seconds left at the current rate; nil before the first scenario ran.
    public var eta: Double? { rate > 0 ? Double(total - done) / rate : nil }
}
