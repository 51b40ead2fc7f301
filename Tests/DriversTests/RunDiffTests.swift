import Foundation
import Testing
@testable import Drivers
import Engine

/// `spark diff A B` as a user runs it: pairs of runs that differ in exactly one thing, identical runs,
/// a backtest against a paper session over the same bars, and every input it must refuse.
@Suite("spark diff names the first divergence and its likely cause")
struct RunDiffTests {
    static let bars = Paths.fixture("sma_reference_bars.csv")

    /// `spark backtest` of sma_cross over the reference bars with `extra` flags into a new evidence directory.
    func backtest(_ extra: [String] = []) throws -> String {
        let directory = Paths.scratch("diff") + "/run"
        let outcome = try SparkCLI.run(
            ["backtest", "--strategy", Paths.repo("strategies/sma_cross.lua")] + (extra.contains("--data") ? [] : ["--data", Self.bars]) + ["--symbol", "REF", "--set", "size=1",
             "--policy", Paths.repo("policies/default.yaml"), "--maker-fee-bps", "2", "--slippage-bps", "1", "--out", directory]
                + (extra.contains("--fee-bps") ? [] : ["--fee-bps", "4"]) + extra,
            in: Paths.scratch("cwd")
        )
        outcome.expectSuccess()
        return directory
    }

    func diff(_ a: String, _ b: String, json: Bool = false) throws -> SparkCLI.Outcome {
        try SparkCLI.run(["diff", a, b] + (json ? ["--json"] : []), in: Paths.scratch("cwd"))
    }

    /// The `--json` report's likely cause and first divergence.
    func cause(_ outcome: SparkCLI.Outcome) throws -> (setting: String?, stream: String?, fields: [String]) {
        let object = try #require(try JSONSerialization.jsonObject(with: Data(outcome.stdout.utf8)) as? [String: Any])
        let cause = object["likely_cause"] as? [String: Any]
        let divergence = object["first_divergence"] as? [String: Any]
        let fields = (divergence?["fields"] as? [[String: Any]] ?? []).compactMap { $0["name"] as? String }
        return (cause?["setting"] as? String, divergence?["stream"] as? String, fields)
    }

    @Test("two runs that differ only in the taker fee part at the first fill's fee, and the diff names the fee")
    func feeChange() throws {
        let (a, b) = (try backtest(), try backtest(["--fee-bps", "10"]))
        let outcome = try diff(a, b, json: true)
        #expect(outcome.status == 1, "\(outcome.output)")
        let found = try cause(outcome)
        #expect(found.setting == "fill_model.taker_fee_bps")
        #expect(found.stream == "fill" && found.fields == ["fee"], "a fee moves fees, not fill prices or times: \(outcome.stdout)")
        let text = try diff(a, b)
        #expect(text.stdout.contains("first divergence: fill #1") && text.stdout.contains("likely cause: fill_model.taker_fee_bps"), "\(text.stdout)")
        #expect(text.stdout.contains("fill_model.taker_fee_bps") && text.stdout.contains("4 → 10"))
    }

    @Test("two runs that differ only in the market fill rule part at the first fill's time, and the diff names the fill rule")
    func fillRuleChange() throws {
        let (a, b) = (try backtest(), try backtest(["--fill-at", "close"]))
        let outcome = try diff(a, b, json: true)
        #expect(outcome.status == 1, "\(outcome.output)")
        let found = try cause(outcome)
        #expect(found.setting == "fill_model.market_fill", "\(outcome.stdout)")
        #expect(found.stream == "fill" && found.fields.contains("time") && !found.fields.contains("fee"), "\(outcome.stdout)")
    }

    @Test("two runs that differ only in a param part at the first order, and the diff names the param")
    func paramChange() throws {
        let (a, b) = (try backtest(), try backtest(["--set", "fast=5"]))
        let outcome = try diff(a, b, json: true)
        #expect(outcome.status == 1, "\(outcome.output)")
        let found = try cause(outcome)
        #expect(found.setting == "params.fast", "\(outcome.stdout)")
        #expect(found.stream == "order", "a param changes which orders exist: \(outcome.stdout)")
        #expect(try diff(a, b).stdout.contains("params.fast                10 → 5"))
    }

    @Test("two runs over bars that differ in one close name the data as the cause")
    func dataChange() throws {
        var lines = try String(contentsOfFile: Self.bars, encoding: .utf8).split(separator: "\n").map(String.init)
        var cells = lines[41].split(separator: ",").map(String.init)
        cells[4] = String(format: "%.2f", Double(cells[4])! + 0.5)
        cells[2] = String(format: "%.2f", max(Double(cells[2])!, Double(cells[4])!))
        lines[41] = cells.joined(separator: ",")
        let edited = Paths.write(lines.joined(separator: "\n") + "\n", named: "edited_bars.csv")
        let (a, b) = (try backtest(), try backtest(["--data", edited]))
        let outcome = try diff(a, b, json: true)
        #expect(outcome.status == 1, "\(outcome.output)")
        #expect(try cause(outcome).setting == "data_sha256", "\(outcome.stdout)")
    }

    @Test("two runs of the same inputs are identical and the diff exits 0")
    func identicalRuns() throws {
        let outcome = try diff(try backtest(), try backtest())
        #expect(outcome.status == 0, "\(outcome.output)")
        #expect(outcome.stdout.contains("identical:"))
        let json = try diff(try backtest(), try backtest(), json: true)
        #expect(json.status == 0 && json.stdout.contains("\"identical\":true"))
    }
}
