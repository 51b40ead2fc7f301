package import SparkCore

/// A paper journal read for comparison (`spark diff`), without replaying it: the header, every
/// decision, the bars it was fed and their content hash (the backtest's `data_sha256` of the same bars).
package struct JournalRun: Sendable {
    package var header: JournalHeader
    package var decisions: [DecisionRecord]
    package var bars: [Bar]
    /// ``BarDigest`` of ``bars``: equal to a backtest's `data_sha256` over the same bars.
    package var dataSHA256: String
    /// The end record's portfolio (JSON: cash, fees, realized, positions); nil when the session did not finish.
    package var endPortfolio: String?

    /// Reads the journal at `path` the way a replay reads it; malformed lines are refused at their line.
    package static func read(journal path: String) throws(ConfigError) -> JournalRun {
        let contents = try JournalContents.read(path: path, warn: { _ in })
        var digest = BarDigest()
        let bars = contents.bars.map(\.bar)
        bars.forEach { digest.add($0) }
        return JournalRun(header: contents.header, decisions: contents.decisions, bars: bars, dataSHA256: digest.finish(), endPortfolio: contents.endPortfolio)
    }
}
