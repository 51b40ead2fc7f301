import Charts
import Drivers
import Engine
import Foundation

/// The pictures and the one HTML page each kind of evidence gets; drawn from the files already written.
enum LabReport {
    // MARK: Backtest

    /// Writes equity.png and report.html for a backtest whose files are in `directory`.
    static func backtest(_ report: BacktestReport, directory: String, evidenceID: String?) throws {
        let curve = EquityCurve.read("\(directory)/equity.csv", start: report.firstTime, end: report.lastTime)
        var chart: Data?
        if !curve.times.isEmpty {
            chart = try EquityChart(
                times: curve.times, equity: curve.equity, title: "\(report.strategyName) · \(report.symbol) \(report.interval)", equityName: "Equity"
            ).png()
            try chart!.write(to: URL(fileURLWithPath: "\(directory)/equity.png"))
        }
        var page = HTMLPage(
            title: "Backtest: \(report.strategyName) on \(report.symbol) \(report.interval)",
            subtitle: "\(report.firstTime.map(ISOTime.string) ?? "?") → \(report.lastTime.map(ISOTime.string) ?? "?") · \(report.bars) bars · run \(report.runID)" + (evidenceID.map { " · evidence \($0)" } ?? "")
        )
        var headline = HTMLSection("Result")
        headline.keyValues(metricPairs(report.metrics))
        if let chart { headline.image(png: chart, alt: "Equity curve with drawdown", caption: "Marked equity per bar (top) and drawdown from the running peak (bottom).") }
        page.add(headline)

        var settings = HTMLSection("Settings")
        let fill = report.fillModel
        settings.keyValues([
            ("Strategy", "\(report.strategyName) (\(report.strategyPath), sha256 \(report.strategySHA256.prefix(12))…)"),
            ("Params", report.params),
            ("Data", "\(report.symbol) \(report.interval) from \(report.dataDescription)" + (report.dataSHA256.map { ", bars sha256 \($0.prefix(12))…" } ?? "")),
            ("Venue", "market orders at \(fill.marketFill == .nextOpen ? "the next bar's open" : "the signal bar's close"); fees maker \(fmt(fill.makerFeeBps, 1)) / taker \(fmt(fill.takerFeeBps, 1)) bps; slippage \(fmt(fill.slippageBps, 1)) bps + \(fill.slippageTicks) ticks"),
            ("Cash", fmt(report.initialCash, 2)),
            ("Orders", "\(report.ordersSubmitted) submitted, \(report.ordersRejected) rejected"),
            ("Guardrails", report.policyName.map { "policy \($0) (sha256 \(report.policySHA256?.prefix(12) ?? "")…)" } ?? "none: orders were not checked"),
        ])
        page.add(settings)

        if report.policyName != nil {
            var guardrails = HTMLSection("Guardrails")
            if report.rejectionsByRule.isEmpty {
                guardrails.paragraph("No order was rejected.")
            } else {
                guardrails.table(header: ["rule", "rejected orders"], rows: report.rejectionsByRule.keys.sorted().map { [$0, String(report.rejectionsByRule[$0]!)] })
            }
            if !report.breakerEvents.isEmpty {
                guardrails.table(
                    header: ["time", "breaker", "from", "to", "reason"],
                    rows: report.breakerEvents.prefix(30).map { [ISOTime.string($0.time), $0.breaker, $0.from.rawValue, $0.to.rawValue, $0.reason] }
                )
                if report.breakerEventCount > 30 { guardrails.paragraph("… \(report.breakerEventCount - 30) more breaker events: report.json lists the first \(report.breakerEvents.count), run.log has them all.") }
            }
            page.add(guardrails)
        }

        var trades = HTMLSection("Trades")
        if report.trades.isEmpty {
            trades.paragraph("No trade closed.")
        } else {
            trades.table(
                header: ["side", "qty", "entry", "entry price", "exit", "exit price", "fees", "pnl", "return"],
                rows: report.trades.prefix(50).map { trade in
                    [trade.side.rawValue, JSON.number(trade.quantity), ISOTime.string(trade.entryTime), fmt(trade.entryPrice, 2), ISOTime.string(trade.exitTime),
                     fmt(trade.exitPrice, 2), fmt(trade.fees, 2), fmt(trade.pnl, 2), pct(trade.returnPct)]
                }
            )
            if report.metrics.trades > 50 { trades.paragraph("First 50 of \(report.metrics.trades) trades; all are in trades.csv.") }
        }
        page.add(trades)

        var files = HTMLSection("Files")
        files.links([
            HTMLBlock.Link("report.json", href: "report.json", note: "metrics and settings"),
            HTMLBlock.Link("trades.csv", href: "trades.csv", note: "every closed trade"),
            HTMLBlock.Link("fills.csv", href: "fills.csv", note: "every fill, for spark diff"),
            HTMLBlock.Link("equity.csv", href: "equity.csv", note: "equity, position and exposure per bar, then the close-out row"),
            HTMLBlock.Link("decisions.jsonl", href: "decisions.jsonl", note: "every order decision and the rule that made it"),
        ] + (evidenceID == nil ? [] : [
            HTMLBlock.Link("INDEX.md", href: "INDEX.md", note: "inputs, hashes and how to verify"),
            HTMLBlock.Link("MANIFEST.sha256", href: "MANIFEST.sha256", note: "SHA-256 of every file"),
        ]))
        page.add(files)
        try Evidence.write(page.render(), to: "\(directory)/report.html")
    }

    // MARK: Sweep

    /// Writes each winner's charts and page, a heat map per symbol, and the sweep's report.html.
    static func sweep(_ prepared: SweepJob.Prepared, leaderboard: Leaderboard, winners: [BacktestReport], directory: String, evidenceID: String, ran: Int, reused: Int) throws {
        let spec = prepared.spec
        let objective = spec.objective.rawValue
        var page = HTMLPage(
            title: "Sweep: \(spec.name)",
            subtitle: "\(prepared.plan.schema.name) · \(leaderboard.rows.count) scenarios · ranked by \(objective) · evidence \(evidenceID)"
        )
        page.add(sweepSummary(prepared, leaderboard: leaderboard, ran: ran, reused: reused))
        page.add(try winnersSection(prepared, leaderboard: leaderboard, winners: winners, directory: directory, evidenceID: evidenceID))
        if let map = try heatMaps(prepared, leaderboard: leaderboard, directory: directory) {
            var section = HTMLSection("Parameter landscape")
            for (symbol, png, note) in map {
                section.image(png: png, alt: "Heat map of \(objective) on \(symbol)", caption: note)
            }
            page.add(section)
        }
        page.add(leaderboardSection(prepared, leaderboard: leaderboard))
        if let failures = failuresSection(leaderboard) { page.add(failures) }
        page.add(sweepFiles(evidenceID: evidenceID))
        try Evidence.write(page.render(), to: "\(directory)/report.html")
    }

    /// What was swept, how it was ranked, and how many scenarios ran.
    static func sweepSummary(_ prepared: SweepJob.Prepared, leaderboard: Leaderboard, ran: Int, reused: Int) -> HTMLSection {
        let spec = prepared.spec
        let objective = spec.objective.rawValue
        let eligible = leaderboard.rows.filter { $0.rank != nil }.count
        let failed = leaderboard.rows.filter(\.outcome.failed).count
        var summary = HTMLSection("Summary")
        let constraints = [spec.constraints.minTrades.map { "at least \($0) trades" }, spec.constraints.maxDrawdown.map { "drawdown at most \(share($0))" }].compactMap { $0 }
        summary.keyValues([
            ("Strategy", "\(prepared.plan.schema.name) (\(spec.strategyPath), sha256 \(prepared.strategySHA256.prefix(12))…)"),
            ("Search", searchText(prepared)),
            ("Symbols", spec.symbols.joined(separator: ", ")),
            ("Periods", spec.periods.map { "\($0.name) (\($0.from.map(ISOTime.string) ?? "start") → \($0.to.map(ISOTime.string) ?? "end"))" }.joined(separator: "; ")),
            ("Costs", spec.costs.map { "\($0.name): fee \(fmt($0.fillModel.takerFeeBps, 1)) bps, slippage \(fmt($0.fillModel.slippageBps, 1)) bps" }.joined(separator: "; ")),
            ("Guardrails", spec.policyPath.map { "\($0) (sha256 \(prepared.policySHA256?.prefix(12) ?? "")…)" } ?? "none"),
            ("Objective", "\(objective), higher is better" + (constraints.isEmpty ? "" : "; eligible only with \(constraints.joined(separator: " and "))")),
            ("Scenarios", "\(leaderboard.rows.count): \(eligible) eligible, \(failed) failed; \(ran) run now, \(reused) reused from the store"),
        ])
        return summary
    }

    /// The best scenario per symbol, each re-run with full artifacts (written under winners/ here).
    static func winnersSection(_ prepared: SweepJob.Prepared, leaderboard: Leaderboard, winners: [BacktestReport], directory: String, evidenceID: String) throws -> HTMLSection {
        let objective = prepared.spec.objective.rawValue
        var best = HTMLSection("Winners")
        let bestRows = leaderboard.best(symbols: prepared.spec.symbols)
        if bestRows.isEmpty {
            best.paragraph("No scenario met the constraints, so there is no winner to propose. Relax the constraints or widen the ranges.")
        } else {
            best.table(
                header: ["symbol", "params", objective, "return", "max drawdown", "trades", "period", "costs"],
                rows: bestRows.map { row in
                    [row.outcome.scenario.symbol, row.outcome.scenario.paramsJSON, fmt(row.objective, 4), pct(row.outcome.metrics?.totalReturn),
                     drawdown(row.outcome.metrics?.maxDrawdown), String(row.outcome.metrics?.trades ?? 0), row.outcome.scenario.period.name, row.outcome.scenario.costs.name]
                }
            )
            best.paragraph("Propose a winner for approval with: spark sweep propose \(evidenceID)/best.json --env paper --reason … --key …")
        }
        for report in winners {
            let folder = "\(directory)/winners/\(report.symbol)"
            try backtest(report, directory: folder, evidenceID: nil)
            if let chart = FileManager.default.contents(atPath: "\(folder)/equity.png") {
                best.image(png: chart, alt: "Winner equity on \(report.symbol)", caption: "The winner on \(report.symbol), re-run with full artifacts: \(report.params).")
            }
        }
        best.links(winners.map { HTMLBlock.Link("winners/\($0.symbol)/report.html", href: "winners/\($0.symbol)/report.html", note: "the winner's backtest on \($0.symbol): metrics, trades, guardrails") })
        return best
    }

    /// The top 25 rows, with the swept parameters as columns.
    static func leaderboardSection(_ prepared: SweepJob.Prepared, leaderboard: Leaderboard) -> HTMLSection {
        let objective = prepared.spec.objective.rawValue
        var table = HTMLSection("Leaderboard (top 25)")
        let names = leaderboard.parameterNames.filter { name in prepared.spec.axes.contains { $0.name == name } }
        table.table(
            header: ["rank", "symbol", "period", "costs"] + names + [objective, "return", "max dd", "trades", "win rate", "excluded"],
            rows: leaderboard.rows.prefix(25).map { row in
                let scenario = row.outcome.scenario
                let metrics = row.outcome.metrics
                return [row.rank.map(String.init) ?? "—", scenario.symbol, scenario.period.name, scenario.costs.name]
                    + names.map { scenario.params[$0]?.description ?? "" }
                    + [fmt(row.objective, 4), pct(metrics?.totalReturn), drawdown(metrics?.maxDrawdown), metrics.map { String($0.trades) } ?? "—", share(metrics?.winRate), row.excluded ?? ""]
            }
        )
        table.paragraph("All \(leaderboard.rows.count) rows, with every metric, are in leaderboard.csv.")
        return table
    }

    /// The first failed scenarios and their errors, or nil when none failed.
    static func failuresSection(_ leaderboard: Leaderboard) -> HTMLSection? {
        let failures = leaderboard.rows.filter(\.outcome.failed)
        guard !failures.isEmpty else { return nil }
        var section = HTMLSection("Failed scenarios")
        section.paragraph("These scenarios stopped with an error; the sweep recorded them and went on.")
        section.table(header: ["symbol", "params", "error"], rows: failures.prefix(10).map { [$0.outcome.scenario.symbol, $0.outcome.scenario.paramsJSON, String(($0.outcome.error ?? "").split(separator: "\n").first ?? "")] })
        return section
    }

    /// Links to the sweep's other files and how to verify them.
    static func sweepFiles(evidenceID: String) -> HTMLSection {
        var files = HTMLSection("Files")
        files.links([
            HTMLBlock.Link("leaderboard.csv", href: "leaderboard.csv", note: "every scenario and metric"),
            HTMLBlock.Link("best.json", href: "best.json", note: "the winners and their evidence links"),
            HTMLBlock.Link("INDEX.md", href: "INDEX.md", note: "inputs, hashes, and how to verify"),
            HTMLBlock.Link("MANIFEST.sha256", href: "MANIFEST.sha256", note: "SHA-256 of every file"),
        ])
        files.paragraph("Check this evidence with: spark evidence verify \(evidenceID) (from the directory above it).")
        return files
    }

    /// One heat map per symbol over the first two swept parameters with several values; each cell is
    /// the best objective among scenarios with those two values (other axes, periods and costs vary).
    static func heatMaps(_ prepared: SweepJob.Prepared, leaderboard: Leaderboard, directory: String) throws -> [(String, Data, String)]? {
        let axes = prepared.spec.axes.filter { $0.values.count >= 2 }
        guard axes.count >= 2 else { return nil }
        let (x, y) = (axes[0], axes[1])
        var maps: [(String, Data, String)] = []
        for symbol in prepared.spec.symbols {
            var cells = [[Double?]](repeating: [Double?](repeating: nil, count: x.values.count), count: y.values.count)
            for row in leaderboard.rows where row.outcome.scenario.symbol == symbol && row.excluded == nil {
                guard let value = row.objective,
                      let column = x.values.firstIndex(of: row.outcome.scenario.params[x.name]!),
                      let line = y.values.firstIndex(of: row.outcome.scenario.params[y.name]!) else { continue }
                cells[line][column] = max(cells[line][column] ?? -.infinity, value)
            }
            var highlight: HeatMapCell?
            if let winner = leaderboard.best(symbols: [symbol]).first,
               let column = x.values.firstIndex(of: winner.outcome.scenario.params[x.name]!),
               let line = y.values.firstIndex(of: winner.outcome.scenario.params[y.name]!) {
                highlight = HeatMapCell(x: column, y: line)
            }
            let png = try HeatMap(
                xLabel: x.name, yLabel: y.name, xValues: x.values.map(\.description), yValues: y.values.map(\.description), cells: cells,
                metric: prepared.spec.objective.rawValue, title: "\(prepared.spec.objective.rawValue) by \(x.name) and \(y.name) · \(symbol)", highlight: highlight
            ).png()
            let folder = "\(directory)/winners/\(symbol)"
            try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
            try png.write(to: URL(fileURLWithPath: "\(folder)/heatmap.png"))
            maps.append((symbol, png, "Best \(prepared.spec.objective.rawValue) for each \(x.name) × \(y.name) on \(symbol), over the other parameters, periods and costs. Hatched cells failed or broke a constraint; the outlined cell is the winner."))
        }
        return maps
    }

    // MARK: Walk-forward

    static func walkForward(_ prepared: SweepJob.Prepared, windows: [WalkForwardWindow], directory: String, evidenceID: String) throws {
        let spec = prepared.spec
        let objective = spec.objective.rawValue
        let walk = spec.walkForward!
        var page = HTMLPage(
            title: "Walk-forward: \(spec.name)",
            subtitle: "\(prepared.plan.schema.name) · \(walk.mode.rawValue) windows · ranked by \(objective) · evidence \(evidenceID)"
        )
        var summary = HTMLSection("Summary")
        let inSample = windows.compactMap(\.inSampleObjective), outOfSample = windows.compactMap(\.outOfSampleObjective)
        let meanIn = inSample.isEmpty ? nil : inSample.reduce(0, +) / Double(inSample.count)
        let meanOut = outOfSample.isEmpty ? nil : outOfSample.reduce(0, +) / Double(outOfSample.count)
        summary.keyValues([
            ("Windows", "\(windows.count) \(walk.mode.rawValue): in-sample \(hours(walk.inSampleMs)), out-of-sample \(hours(walk.outOfSampleMs)), step \(hours(walk.stepMs))"),
            ("Search per window", searchText(prepared)),
            ("Mean in-sample \(objective)", fmt(meanIn, 4)),
            ("Mean out-of-sample \(objective)", fmt(meanOut, 4)),
            ("Mean degradation", fmt(meanIn.flatMap { i in meanOut.map { $0 - i } }, 4)),
            ("Windows with no eligible winner", String(windows.filter { $0.params == nil }.count)),
        ])
        summary.paragraph("Each window picks the best params in-sample and trades them, unchanged, on the next out-of-sample stretch. A large drop from in-sample to out-of-sample is the signature of overfitting.")
        page.add(summary)

        var section = HTMLSection("In-sample vs out-of-sample")
        let categories = windows.map { spec.symbols.count > 1 ? "\($0.label) \($0.symbol)" : $0.label }
        let bars = try BarChart(
            categories: categories,
            series: [BarChartSeries(name: "in-sample", values: windows.map(\.inSampleObjective)), BarChartSeries(name: "out-of-sample", values: windows.map(\.outOfSampleObjective))],
            title: "\(objective) per window", yLabel: objective
        ).png()
        try bars.write(to: URL(fileURLWithPath: "\(directory)/walkforward.png"))
        section.image(png: bars, alt: "In-sample and out-of-sample objective per window", caption: "The in-sample winner's \(objective) (left bar) and the same params out-of-sample (right bar).")
        section.table(
            header: ["window", "symbol", "in-sample", "out-of-sample", "params", "IS \(objective)", "OOS \(objective)", "degradation", "OOS return", "OOS trades"],
            rows: windows.map { window in
                [window.label, window.symbol, "\(day(window.inSample.lowerBound)) → \(day(window.inSample.upperBound))", "\(day(window.outOfSample.lowerBound)) → \(day(window.outOfSample.upperBound))",
                 window.params ?? "none eligible", fmt(window.inSampleObjective, 4), fmt(window.outOfSampleObjective, 4), fmt(window.degradation, 4),
                 pct(window.outOfSampleReturn), window.outOfSampleTrades.map(String.init) ?? "—"]
            }
        )
        page.add(section)

        var stitched = HTMLSection("Stitched out-of-sample equity")
        let text = (try? String(contentsOfFile: "\(directory)/oos_equity.csv", encoding: .utf8)) ?? ""
        var perSymbol: [String: (times: [Int64], equity: [Double])] = [:]
        for line in text.split(separator: "\n").dropFirst() {
            let fields = line.split(separator: ",")
            guard fields.count == 4, let time = EquityCurve.parseTime(fields[0]), let equity = Double(fields[3]) else { continue }
            perSymbol[String(fields[1]), default: ([], [])].times.append(time)
            perSymbol[String(fields[1]), default: ([], [])].equity.append(equity)
        }
        if let symbol = spec.symbols.first, let curve = perSymbol[symbol], !curve.times.isEmpty {
            let png = try EquityChart(times: curve.times, equity: curve.equity, title: "Out-of-sample equity, windows chained · \(symbol)", equityName: "Out-of-sample").png()
            try png.write(to: URL(fileURLWithPath: "\(directory)/oos_equity.png"))
            stitched.image(png: png, alt: "Stitched out-of-sample equity", caption: "Only out-of-sample bars: each window starts from the equity the previous one ended with.")
        } else {
            stitched.paragraph("No window had an eligible winner, so there is no out-of-sample equity.")
        }
        stitched.links([
            HTMLBlock.Link("walkforward.csv", href: "walkforward.csv", note: "the windows table"),
            HTMLBlock.Link("oos_equity.csv", href: "oos_equity.csv", note: "stitched out-of-sample equity"),
            HTMLBlock.Link("INDEX.md", href: "INDEX.md", note: "every artifact, including each window's leaderboard and out-of-sample backtest"),
            HTMLBlock.Link("MANIFEST.sha256", href: "MANIFEST.sha256", note: "SHA-256 of every file"),
        ])
        page.add(stitched)
        try Evidence.write(page.render(), to: "\(directory)/report.html")
    }

    // MARK: Formatting

    static func metricPairs(_ m: PerformanceMetrics) -> [(String, String)] {
        [
            ("Equity", "\(fmt(m.equityInitial, 2)) → \(fmt(m.equityFinal, 2))"),
            ("Return", "\(pct(m.totalReturn)) (buy & hold \(pct(m.buyAndHoldReturn)))"),
            ("CAGR / volatility", "\(pct(m.cagr)) / \(share(m.volatility))"),
            ("Sharpe / Sortino / Calmar", "\(fmt(m.sharpe, 2)) / \(fmt(m.sortino, 2)) / \(fmt(m.calmar, 2))"),
            ("Max drawdown", drawdown(m.maxDrawdown)),
            ("Trades", "\(m.trades), win rate \(share(m.winRate)), profit factor \(fmt(m.profitFactor, 2)), average \(fmt(m.avgTrade, 2))"),
            ("Exposure / fees", "\(share(m.exposure)) / \(fmt(m.fees, 2))"),
        ]
    }

    static func searchText(_ prepared: SweepJob.Prepared) -> String {
        let axes = prepared.spec.axes.map { "\($0.name) ∈ {\($0.values.map(\.description).joined(separator: ", "))}" }.joined(separator: "; ")
        switch prepared.spec.search {
        case .grid: return "grid of \(prepared.plan.paramSets.count) param sets: \(axes)"
        case .random(let count, let seed): return "\(min(count, prepared.plan.paramSets.count)) random param sets (seed \(seed)) from a grid of \(prepared.plan.gridSize): \(axes)"
        }
    }

    static func fmt(_ value: Double?, _ digits: Int) -> String {
        guard let value, value.isFinite else { return "—" }
        return String(format: "%.\(digits)f", value)
    }

    /// A signed percentage, for returns.
    static func pct(_ value: Double?) -> String {
        guard let value, value.isFinite else { return "—" }
        return String(format: "%+.2f%%", value * 100)
    }

    /// An unsigned percentage, for rates and shares.
    static func share(_ value: Double?) -> String {
        guard let value, value.isFinite else { return "—" }
        return String(format: "%.2f%%", value * 100)
    }

    /// A drawdown, shown as the fall it is.
    static func drawdown(_ value: Double?) -> String {
        guard let value, value.isFinite else { return "—" }
        return String(format: "%.2f%%", -value * 100)
    }

    static func day(_ time: Int64) -> String { String(ISOTime.string(time).prefix(16)).replacingOccurrences(of: "T", with: " ") }

    static func hours(_ ms: Int64) -> String {
        ms % 86_400_000 == 0 ? "\(ms / 86_400_000)d" : ms % 3_600_000 == 0 ? "\(ms / 3_600_000)h" : "\(ms / 60_000)m"
    }
}
