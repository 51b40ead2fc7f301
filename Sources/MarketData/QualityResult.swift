/// The outcome of every quality check over one series.
public struct QualityResult: Sendable, Codable, Equatable {
    /// Per check: how many findings, how many bars they touch, and the first few findings.
    public struct CheckOutcome: Sendable, Codable, Equatable {
        public var check: QualityCheck
        public var findings: Int
        public var bars: Int
        public var fatal: Bool
        /// The first ``QualityChecker/maxExamples`` findings, in time order.
        public var examples: [QualityFinding]

        public var passed: Bool { findings == 0 }
    }

    public var symbol: String
    public var interval: String
    public var rows: Int
    /// Open time of the first and last bar, epoch ms (nil when the series is empty).
    public var first: Int64?
    public var last: Int64?
    public var outlierK: Double
    public var checks: [CheckOutcome]

    /// Fatal checks that found something.
    public var failedFatal: [QualityCheck] { checks.filter { $0.fatal && !$0.passed }.map(\.check) }
    /// Whether no fatal check found anything.
    public var passed: Bool { failedFatal.isEmpty }

    /// The outcome of `check`.
    public func outcome(_ check: QualityCheck) -> CheckOutcome {
        checks.first { $0.check == check }!
    }
}
