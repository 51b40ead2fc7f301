/// One data-quality check run by ``QualityChecker``; the raw value is the name used in flags and JSON.
public enum QualityCheck: String, CaseIterable, Sendable, Codable, Comparable {
    /// Missing bars: two consecutive bars further apart than one interval.
    case gaps
    /// Two rows with the same open time.
    case duplicates
    /// A row whose open time is before the previous row's.
    case outOfOrder = "out_of_order"
    /// low > high, or open or close outside [low, high].
    case ohlc
    /// A price that is zero or negative, or a negative volume.
    case prices
    /// A run of consecutive bars without any volume.
    case zeroVolume = "zero_volume"
    /// A run of identical candles (same OHLCV, with volume): a feed repeating a frozen bar.
    case stale
    /// A close-to-close log return more than k standard deviations from the mean.
    case outliers
    /// An open time that is not a multiple of the interval.
    case offGrid = "off_grid"

    /// Checks whose failure makes `spark data quality` exit non-zero unless `--fatal` says otherwise.
    public static let defaultFatal: Set<QualityCheck> = [.duplicates, .outOfOrder, .ohlc, .prices, .offGrid]

    /// A short description for reports.
    public var title: String {
        switch self {
        case .gaps: "gaps (missing bars)"
        case .duplicates: "duplicate times"
        case .outOfOrder: "out-of-order times"
        case .ohlc: "OHLC consistency"
        case .prices: "non-positive prices / negative volume"
        case .zeroVolume: "zero-volume runs"
        case .stale: "stale repeated candles"
        case .outliers: "outlier returns"
        case .offGrid: "off-grid timestamps"
        }
    }

    public static func < (lhs: QualityCheck, rhs: QualityCheck) -> Bool {
        allCases.firstIndex(of: lhs)! < allCases.firstIndex(of: rhs)!
    }

    /// Parses a comma-separated list (`gaps,ohlc`), `all` or `none`.
    public static func parseList(_ text: String) -> Result<Set<QualityCheck>, CSVError> {
        let trimmed = text.lowercased()
        if trimmed == "all" { return .success(Set(allCases)) }
        if trimmed == "none" || trimmed.isEmpty { return .success([]) }
        var checks: Set<QualityCheck> = []
        for name in trimmed.split(separator: ",") {
            let key = String(name.map { $0 == "-" ? "_" : $0 })
            guard let check = QualityCheck(rawValue: key) else {
                return .failure(CSVError(.series, "unknown check '\(name)'", file: "--fatal", hint: "use all, none, or a comma-separated list of \(allCases.map(\.rawValue).joined(separator: ", "))"))
            }
            checks.insert(check)
        }
        return .success(checks)
    }
}
