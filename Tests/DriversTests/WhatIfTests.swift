import Foundation
import Testing
@testable import Drivers

@Suite("Policy what-if")
struct WhatIfTests {
    func request() -> BacktestRequest {
        var request = BacktestRequest(strategyPath: Paths.repo("strategies/sma_cross.lua"), data: .csv(path: Paths.fixture("sma_reference_bars.csv")), symbol: "REF")
        request.overrides = ["size": .number(1)]
        return request
    }

    func policy(_ text: String) throws -> String {
        let path = Paths.scratch("whatif") + "/policy.yaml"
        try text.write(toFile: path, atomically: true, encoding: .utf8)
        return path
    }

    @Test("a stricter limit lists the orders it would newly reject, with the rule that rejects them")
    func stricter() throws {
        let base = try policy("policy: base\nrules:\n  - { id: max-qty, max_order_quantity: { limit: 10 } }\n")
        let proposed = try policy("policy: strict\nrules:\n  - { id: max-notional, max_order_notional: { limit: 101 } }\n")
        let outcome = try WhatIf.run(request(), basePolicy: base, proposedPolicy: proposed, warn: { _ in })
        #expect(outcome.base.ordersRejected == 0)
        #expect(!outcome.newlyRejected.isEmpty)
        #expect(outcome.newlyRejected.allSatisfy { $0.after?.hasPrefix("max-notional: max_order_notional") == true && $0.before == nil })
        #expect(outcome.newlyAllowed.isEmpty)
        let reverse = try WhatIf.run(request(), basePolicy: proposed, proposedPolicy: base, warn: { _ in })
        #expect(reverse.newlyAllowed.count == outcome.newlyRejected.count)
    }

    @Test("the same policy twice changes nothing")
    func same() throws {
        let outcome = try WhatIf.run(request(), basePolicy: Paths.repo("policies/default.yaml"), proposedPolicy: Paths.repo("policies/default.yaml"), warn: { _ in })
        #expect(outcome.newlyRejected.isEmpty && outcome.newlyAllowed.isEmpty)
        #expect(outcome.onlyInBase == 0 && outcome.onlyInProposed == 0)
    }

    @Test("a paper journal re-runs from its recorded source, params and bars")
    func journal() async throws {
        var paper = PaperRequest(project: try TestProject.make(), strategyPath: Paths.repo("strategies/sma_cross.lua"), feedPath: Paths.fixture("sma_reference_bars.csv"), symbol: "REF", journalPath: Paths.scratch("whatif") + "/session.jsonl")
        paper.overrides = ["size": .number(1)]
        _ = try await Paper.run(try ApprovalFixture.approved(paper), clock: ContinuousClock(), wallTime: "2026-01-01T00:00:00Z", log: { _ in })
        let request = try WhatIf.request(fromJournal: paper.journalPath, scratch: Paths.scratch("whatif-scratch"))
        let proposed = try policy("policy: strict\nrules:\n  - { id: max-notional, max_order_notional: { limit: 101 } }\n")
        let outcome = try WhatIf.run(request, basePolicy: Paths.repo("policies/default.yaml"), proposedPolicy: proposed, warn: { _ in })
        #expect(outcome.base.bars == 3000)
        #expect(!outcome.newlyRejected.isEmpty)
    }
}

@Suite("Policy what-if on the command line")
struct WhatIfCLITests {
    /// The first line of what-if's report: base policy, orders, rejections and return.
    func baseLine(_ arguments: [String]) throws -> String {
        let outcome = try SparkCLI.run(
            ["policy", "whatif", "--policy", "policies/default.yaml", "--strategy", "strategies/sma_cross.lua",
             "--data", "data/sample/BTCUSDT-1m-synthetic.csv", "--symbol", "BTCUSDT"] + arguments,
            in: Paths.root
        )
        outcome.expectSuccess()
        return outcome.stdout.split(separator: "\n").first.map(String.init) ?? ""
    }

    @Test("whatif takes the backtest's --set and cost flags, and they change the run it compares")
    func setAndCosts() throws {
        let plain = try baseLine([])
        let faster = try baseLine(["--set", "fast=5", "--set", "slow=20"])
        let costly = try baseLine(["--fee-bps", "10", "--slippage-bps", "2"])
        #expect(plain.contains(" orders, ") && faster.contains(" orders, "))
        #expect(plain != faster, "--set fast=5 must change the orders: \(plain) / \(faster)")
        #expect(plain != costly, "fees must change the return: \(plain) / \(costly)")
        let refused = try SparkCLI.run(
            ["policy", "whatif", "--policy", "policies/default.yaml", "--strategy", "strategies/sma_cross.lua",
             "--data", "data/sample/BTCUSDT-1m-synthetic.csv", "--symbol", "BTCUSDT", "--set", "fats=5"],
            in: Paths.root
        )
        #expect(refused.refused("fats"), "\(refused.output)")
        let help = try SparkCLI.run(["policy", "whatif", "--help"], in: Paths.root)
        for flag in ["--set", "--fee-bps", "--maker-fee-bps", "--slippage-bps", "--params", "--cash", "--instruments"] {
            #expect(help.stdout.contains(flag), "whatif --help does not list \(flag)")
        }
    }
}
