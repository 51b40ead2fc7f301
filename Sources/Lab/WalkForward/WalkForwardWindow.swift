/// One walk-forward step for one symbol: optimise in-sample, then test the winner out-of-sample.
public struct WalkForwardWindow: Sendable {
    /// 1-based window number.
    public var number: Int
    public var symbol: String
    public var inSample: ClosedRange<Int64>
    public var outOfSample: ClosedRange<Int64>
    /// The in-sample winner's params (canonical JSON); nil when no scenario was eligible.
    public var params: String?
    public var inSampleObjective: Double?
    public var outOfSampleObjective: Double?
    public var inSampleReturn: Double?
    public var outOfSampleReturn: Double?
    public var outOfSampleTrades: Int?
    public var scenarios: Int
    public var eligible: Int
    /// Out-of-sample minus in-sample objective: how much of the fit survived unseen data.
    public var degradation: Double? {
        guard let inSampleObjective, let outOfSampleObjective else { return nil }
        return outOfSampleObjective - inSampleObjective
    }

    /// `w01`, the window's folder prefix.
    public var label: String { number < 10 ? "w0\(number)" : "w\(number)" }
}
