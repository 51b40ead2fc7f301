/// Why a run is being set up, which decides whether the launch gate applies.
///
/// Backtests and replays run anything (they touch no market); every other mode must pass the
/// gate, and there is no way to build a paper or live setup without saying which environment.
public enum RunMode: Sendable {
    case backtest
    /// Re-running a recorded session through the backtest path.
    case replay
    /// Paper or live: the exact params and strategy must be approved for the environment.
    case gated(LaunchCheck)
}
