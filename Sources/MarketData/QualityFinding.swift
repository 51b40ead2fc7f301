/// One problem a quality check found: where in time, how many bars, and what.
public struct QualityFinding: Sendable, Codable, Equatable {
    public var check: QualityCheck
    /// Open time of the first affected bar (for a gap: the first missing bar), epoch ms.
    public var start: Int64
    /// Open time of the last affected bar (for a gap: the last missing bar), epoch ms.
    public var end: Int64
    /// Bars affected (for a gap: bars missing).
    public var bars: Int
    public var message: String

    /// Creates a finding.
    public init(check: QualityCheck, start: Int64, end: Int64, bars: Int, message: String) {
        self.check = check
        self.start = start
        self.end = end
        self.bars = bars
        self.message = message
    }
}
