import Foundation
import Drivers
public import MarketData

/// Renders a ``QualityResult`` as a terminal summary, JSON, Markdown or HTML.
public enum QualityReportFormatter {
    /// A readable summary: one line per check, then the first findings of each failing check.
    public static func text(_ result: QualityResult, examples: Int = 5) -> String {
        var lines = ["\(result.symbol) \(result.interval): \(result.rows) bars, \(range(result))"]
        for outcome in result.checks {
            let status = outcome.passed ? "ok  " : (outcome.fatal ? "FAIL" : "warn")
            let detail = outcome.passed ? "" : "  \(outcome.findings) finding\(outcome.findings == 1 ? "" : "s"), \(outcome.bars) bar\(outcome.bars == 1 ? "" : "s")"
            lines.append("  \(status) \(outcome.check.rawValue.padding(toLength: 13, withPad: " ", startingAt: 0)) \(outcome.check.title)\(detail)")
            for finding in outcome.examples.prefix(examples) {
                lines.append("         \(span(finding)): \(finding.message)")
            }
            if outcome.findings > examples, !outcome.passed { lines.append("         … \(outcome.findings - min(examples, outcome.examples.count)) more") }
        }
        lines.append(result.passed ? "result: passed (no fatal check failed)" : "result: FAILED fatal checks: \(result.failedFatal.map(\.rawValue).joined(separator: ", "))")
        return lines.joined(separator: "\n")
    }

    /// One JSON object: series, verdict, and per check its counts and first findings.
    public static func json(_ result: QualityResult) -> String {
        let checks = result.checks.map { outcome in
            JSON.object([
                ("check", JSON.string(outcome.check.rawValue)), ("fatal", "\(outcome.fatal)"), ("passed", "\(outcome.passed)"),
                ("findings", "\(outcome.findings)"), ("bars", "\(outcome.bars)"),
                ("examples", "[" + outcome.examples.map { finding in
                    JSON.object([
                        ("start", JSON.string(ISOTime.string(finding.start))), ("end", JSON.string(ISOTime.string(finding.end))),
                        ("bars", "\(finding.bars)"), ("message", JSON.string(finding.message)),
                    ])
                }.joined(separator: ",") + "]"),
            ])
        }
        return JSON.object([
            ("symbol", JSON.string(result.symbol)), ("interval", JSON.string(result.interval)), ("rows", "\(result.rows)"),
            ("first", result.first.map { JSON.string(ISOTime.string($0)) } ?? "null"),
            ("last", result.last.map { JSON.string(ISOTime.string($0)) } ?? "null"),
            ("outlier_k", JSON.number(result.outlierK)), ("passed", "\(result.passed)"),
            ("failed_fatal", "[" + result.failedFatal.map { JSON.string($0.rawValue) }.joined(separator: ",") + "]"),
            ("checks", "[" + checks.joined(separator: ",") + "]"),
        ])
    }

    /// A Markdown report: verdict, a table of checks, then findings and how to fix them.
    public static func markdown(_ result: QualityResult) -> String {
        var out = "# Data quality: \(result.symbol) \(result.interval)\n\n"
        out += "\(result.rows) bars, \(range(result)). Outlier threshold: \(result.outlierK) standard deviations.\n\n"
        out += "**Result: \(result.passed ? "passed" : "FAILED (\(result.failedFatal.map(\.rawValue).joined(separator: ", ")))")**\n\n"
        out += "| check | fatal | findings | bars | status |\n|---|---|---:|---:|---|\n"
        for outcome in result.checks {
            out += "| \(outcome.check.title) (`\(outcome.check.rawValue)`) | \(outcome.fatal ? "yes" : "no") | \(outcome.findings) | \(outcome.bars) | \(status(outcome)) |\n"
        }
        for outcome in result.checks where !outcome.passed {
            out += "\n## \(outcome.check.title)\n\n\(fix(outcome.check))\n\n"
            for finding in outcome.examples { out += "- \(span(finding)): \(finding.message)\n" }
            if outcome.findings > outcome.examples.count { out += "- … \(outcome.findings - outcome.examples.count) more\n" }
        }
        return out
    }

    /// The same report as a self-contained HTML page.
    public static func html(_ result: QualityResult) -> String {
        func escape(_ text: String) -> String {
            text.replacingOccurrences(of: "&", with: "&amp;").replacingOccurrences(of: "<", with: "&lt;").replacingOccurrences(of: ">", with: "&gt;")
        }
        var out = """
            <!doctype html><html><head><meta charset="utf-8"><title>Data quality: \(escape(result.symbol)) \(escape(result.interval))</title>
            <style>body{font-family:sans-serif;max-width:60em;margin:2em auto}table{border-collapse:collapse}td,th{border:1px solid #ccc;padding:.3em .6em}.fail{color:#b00}.warn{color:#a60}.ok{color:#070}</style>
            </head><body><h1>Data quality: \(escape(result.symbol)) \(escape(result.interval))</h1>
            <p>\(result.rows) bars, \(escape(range(result))). Outlier threshold: \(result.outlierK) standard deviations.</p>
            <p><strong class="\(result.passed ? "ok" : "fail")">Result: \(result.passed ? "passed" : "FAILED (" + result.failedFatal.map(\.rawValue).joined(separator: ", ") + ")")</strong></p>
            <table><tr><th>check</th><th>fatal</th><th>findings</th><th>bars</th><th>status</th></tr>

            """
        for outcome in result.checks {
            let css = outcome.passed ? "ok" : (outcome.fatal ? "fail" : "warn")
            out += "<tr><td>\(escape(outcome.check.title))</td><td>\(outcome.fatal ? "yes" : "no")</td><td>\(outcome.findings)</td><td>\(outcome.bars)</td><td class=\"\(css)\">\(status(outcome))</td></tr>\n"
        }
        out += "</table>\n"
        for outcome in result.checks where !outcome.passed {
            out += "<h2>\(escape(outcome.check.title))</h2><p>\(escape(fix(outcome.check)))</p><ul>\n"
            for finding in outcome.examples { out += "<li>\(escape(span(finding))): \(escape(finding.message))</li>\n" }
            if outcome.findings > outcome.examples.count { out += "<li>… \(outcome.findings - outcome.examples.count) more</li>\n" }
            out += "</ul>\n"
        }
        return out + "</body></html>\n"
    }

    /// What a failing check usually means and what to do about it.
    public static func fix(_ check: QualityCheck) -> String {
        switch check {
        case .gaps: "Bars are missing. Binance has real gaps during maintenance; otherwise re-import the month's dump or run `spark data fetch` over the span."
        case .duplicates: "Two rows share an open time. Files were concatenated or imported with overlapping ranges; the store keeps one row per time, so re-import the source file."
        case .outOfOrder: "Rows go back in time. The source file is unsorted or concatenated; sort it by open time and import again."
        case .ohlc: "A bar's open or close lies outside [low, high]. The source is corrupt: download the file again, or fetch the span over REST."
        case .prices: "A price is zero or negative, or volume is negative. The source is corrupt: download the file again."
        case .zeroVolume: "No trades for a while. Normal for illiquid pairs; on a liquid pair it means a halted or broken feed. Consider excluding the span."
        case .stale: "The same candle repeats. A feed kept sending a frozen bar; re-fetch the span."
        case .outliers: "A return far outside the usual range. Check it against another source; a real crash or spike is fine, a bad tick should be fixed."
        case .offGrid: "An open time is not on the interval grid. The file is of another interval or has shifted times: check --interval and the source."
        }
    }

    private static func status(_ outcome: QualityResult.CheckOutcome) -> String {
        outcome.passed ? "ok" : (outcome.fatal ? "FAIL" : "warn")
    }

    private static func span(_ finding: QualityFinding) -> String {
        finding.start == finding.end ? ISOTime.string(finding.start) : "\(ISOTime.string(finding.start)) – \(ISOTime.string(finding.end))"
    }

    private static func range(_ result: QualityResult) -> String {
        guard let first = result.first, let last = result.last else { return "no bars" }
        return "\(ISOTime.string(first)) to \(ISOTime.string(last))"
    }
}
