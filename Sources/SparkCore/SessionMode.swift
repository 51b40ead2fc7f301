/// Where a session trades: the one mode type every layer uses (policies' `applies_to`, rule
/// budgets, approvals' environments, decision logs).
///
/// A replay is not a mode of its own: it re-runs a paper or live session as recorded.
public enum SessionMode: String, Sendable, Codable, CaseIterable {
    /// Simulated time over recorded bars; touches no market, so no approval is needed.
    case backtest
    /// A real-time session on the simulated venue; needs a paper approval.
    case paper
    /// Real orders on a real venue; needs a live approval.
    case live

    /// The modes an approval can be given for, which a session must pass the launch gate to start in.
    public static let gated: [SessionMode] = [.paper, .live]

    /// Whether a session in this mode must pass the launch gate.
    public var isGated: Bool { self != .backtest }

    /// Whether time is the wall clock, so a rule's budget is wall-clock time rather than instructions.
    public var isRealTime: Bool { self != .backtest }
}
