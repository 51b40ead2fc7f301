/// An operator's command to a live session; journaled and audited before it applies.
public enum LiveControl: Sendable, Equatable, Codable {
    /// Level 1 blocks new orders; level 2 also cancels every Spark-owned open order and verifies none remain.
    case kill(level: Int, by: String, reason: String)
    /// Releases the kill switch (back to level 0); new orders flow again once nothing else blocks them.
    case release(by: String, reason: String)
    /// Cancels the strategy's orders and closes the position with market orders: never automatic.
    case flatten(by: String, reason: String)
    /// A guardrail policy whose new version the gate cleared for live takes over between inputs
    /// (``LiveGovernor``); breaker states and the kill switch carry over.
    case adoptPolicy(PolicyRecord, by: String)
}
