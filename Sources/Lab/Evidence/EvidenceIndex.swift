import Foundation
import Drivers

/// INDEX.md: a page linking every artifact of an evidence directory, with what it is and its hash.
enum EvidenceIndex {
    static let descriptions: [String: String] = [
        "run.json": "what this run is a record of: inputs and their hashes, the bars by hash, how to re-run it",
        "report.json": "metrics, settings and the guardrail summary",
        "report.html": "the report to read: charts, metrics and tables in one self-contained file",
        "trades.csv": "every closed trade",
        "fills.csv": "every fill as the venue booked it (order, time, side, quantity, price, fee, maker or taker), for spark diff",
        "equity.csv": "marked equity, position and exposure per bar, then the close-out row",
        "decisions.jsonl": "every order decision with the rule that decided it",
        "run.log": "the strategy's ctx:log and print lines and the run's warnings, capped (docs/lua-sandbox.md)",
        "equity.png": "equity curve with drawdown underneath",
        "leaderboard.csv": "one row per scenario: params, symbol, period, costs and every metric, ranked",
        "best.json": "the winning params per symbol and links to their evidence",
        "heatmap.png": "objective over two swept parameters",
        "timing.json": "wall times and rates (not reproducible by nature, so not compared on verify)",
        "walkforward.csv": "per window: in-sample winner, in-sample and out-of-sample objective, degradation",
        "walkforward.png": "in-sample vs out-of-sample objective per window",
        "oos_equity.csv": "the out-of-sample equity of every window, stitched",
        "oos_equity.png": "stitched out-of-sample equity with drawdown",
    ]

    static func write(directory: String, record: EvidenceRecord, title: String, finalPath: String) throws {
        var lines = [
            "# \(title)", "",
            "Evidence `\(record.evidenceID)` · \(record.kind) · created \(record.createdAt)", "",
            "Check it: `spark evidence verify \(finalPath)` re-hashes every file against `MANIFEST.sha256` and re-runs the \(record.kind) from the recorded inputs; the files marked ✔ must come out identical.", "",
            "## Inputs", "", "| role | path | sha256 |", "|---|---|---|",
        ]
        for input in record.inputs {
            let path = input.copy.map { "[\(input.path)](\($0))" } ?? "`\(input.path)`"
            lines.append("| \(input.role) | \(path) | `\(input.sha256)` |")
        }
        lines += ["", "## Bars", "", "| symbol | interval | period | first | last | bars | sha256 |", "|---|---|---|---|---|---|---|"]
        for series in record.series {
            lines.append("| \(series.symbol) | \(series.interval) | \(series.period) | \(series.first ?? "—") | \(series.last ?? "—") | \(series.bars) | `\(series.sha256.prefix(16))…` |")
        }
        lines += ["", "## Artifacts", "", "| file | reproduced | what |", "|---|---|---|"]
        let reproducible = Set(record.reproducible)
        for file in EvidenceManifest.files(in: directory) where file != "INDEX.md" {
            let name = (file as NSString).lastPathComponent
            lines.append("| [\(file)](\(file)) | \(reproducible.contains(file) ? "✔" : "") | \(descriptions[name] ?? (file.hasPrefix("inputs/") ? "copy of an input" : "")) |")
        }
        lines += ["", "`MANIFEST.sha256` lists the SHA-256 of every file here (`sha256sum -c MANIFEST.sha256` checks it without Spark)."]
        try Data((lines.joined(separator: "\n") + "\n").utf8).write(to: URL(fileURLWithPath: "\(directory)/INDEX.md"), options: .atomic)
    }
}
