/// What a param set must have shown in paper before it may be proposed for live.
public struct PromotionRule: Sendable, Equatable {
    /// Wall-clock days of live-fed paper trading with the exact hashes; both this and ``minTrades`` must be met.
    public var minDays: Double
    public var minTrades: Int
    /// Largest peak-to-trough loss allowed in any of those paper sessions, as a fraction (0.15 = 15%).
    public var maxDrawdown: Double

    public init(minDays: Double, minTrades: Int, maxDrawdown: Double) {
        self.minDays = minDays
        self.minTrades = minTrades
        self.maxDrawdown = maxDrawdown
    }

    /// What is short in `record`; empty when it qualifies.
    public func shortfalls(_ record: PaperRecord) -> [String] {
        var problems: [String] = []
        if record.sessions == 0 {
            return ["no paper session on a live market feed ran with this exact param set, strategy and guardrail policy (hash \(record.paramsHash.prefix(12)))"]
        }
        if record.days < minDays || record.trades < minTrades {
            problems.append("paper record too short: \(String(format: "%.2f", record.days)) days and \(record.trades) trades; the policy needs \(String(format: "%g", minDays)) days and \(minTrades) trades")
        }
        if record.maxDrawdown > maxDrawdown {
            problems.append("paper drawdown \(String(format: "%.2f%%", record.maxDrawdown * 100)) is above the policy's maximum \(String(format: "%.2f%%", maxDrawdown * 100))")
        }
        return problems
    }
}
