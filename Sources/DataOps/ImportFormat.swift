/// How `spark data import` reads a file.
public enum ImportFormat: String, Sendable, CaseIterable {
    /// Binance dump when the file name looks like one (`BTCUSDT-1m-2024-01.zip`), else generic CSV.
    case auto
    /// Binance kline dump: no header, 12 columns, `.zip` or `.csv`.
    case binance
    /// The generic bar CSV with a header (docs/data-formats.md).
    case csv
}
