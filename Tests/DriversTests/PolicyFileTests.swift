import Foundation
import Guardrails
import Testing
@testable import Drivers
@testable import Desk

@Suite("Policy files")
struct PolicyFileTests {
    /// Loads `text` as a policy and returns the error it raises.
    func loadError(_ text: String) -> ConfigError? {
        do {
            _ = try PolicyFile.load(path: "policies/test.yaml", text: text)
            return nil
        } catch {
            return error
        }
    }

    let header = "policy: p\nrules:\n"

    @Test("the bundled policies load, and policy check's hash is the canonical form's")
    func bundled() throws {
        let loaded = try PolicyFile.load(path: Paths.repo("policies/default.yaml"))
        #expect(loaded.policy.rules.count == 12)
        #expect(loaded.policy.breakers.count == 6)
        #expect(loaded.sha256 == RunSetup.sha256Hex(loaded.policy.canonicalForm))
        _ = try PolicyFile.load(path: Paths.repo("policies/with-lua-rule.yaml"))
    }

    @Test("reordered keys, equivalent numbers and durations, and comments keep the same hash")
    func canonicalHash() throws {
        let a = try PolicyFile.load(path: "p.yaml", text: """
        policy: p
        rules:
          - id: n
            max_order_notional: { limit: 25000 }
          - id: band
            price_band: { max_deviation_pct: 3, reference: bar_close, max_reference_age: 2m }
        breakers:
          - { id: dd, when: { drawdown_pct: 10 }, action: halted, reset: manual }
        """)
        let b = try PolicyFile.load(path: "p.yaml", text: """
        # the same policy, written differently
        breakers:
          - { reset: manual, action: halted, when: { drawdown_pct: 10.0 }, id: dd }
        rules:
          - max_order_notional: { limit: 25000.00 }
            id: n
          - id: band
            price_band: { max_reference_age: 120s, reference: bar_close, max_deviation_pct: 3.0 }
        policy: p
        """)
        #expect(a.sha256 == b.sha256)
        let c = try PolicyFile.load(path: "p.yaml", text: a.text.replacingOccurrences(of: "25000", with: "25001"))
        #expect(c.sha256 != a.sha256)
    }

    @Test("a YAML syntax error points at its line and column")
    func syntax() throws {
        let error = try #require(loadError("policy: p\nrules:\n  - id: x\n    max_order_quantity: { limit: 1\n"))
        #expect(error.code == .syntax)
        #expect(error.file == "policies/test.yaml")
        #expect(error.line != nil && error.column != nil)
    }

    @Test("duplicate keys, duplicate rule ids and duplicate breaker ids are errors")
    func duplicates() throws {
        #expect(loadError("policy: p\npolicy: q\n")?.message.contains("duplicate") == true)
        let rules = try #require(loadError(header + "  - { id: a, max_order_quantity: { limit: 1 } }\n  - { id: a, max_order_notional: { limit: 1 } }\n"))
        #expect(rules.message.contains("duplicate rule id 'a'"))
        #expect(rules.line == 4)
        let breakers = loadError("policy: p\nbreakers:\n  - { id: b, when: { drawdown_pct: 5 }, action: halted, reset: manual }\n  - { id: b, when: { drawdown_pct: 6 }, action: halted, reset: manual }\n")
        #expect(breakers?.message.contains("duplicate breaker id") == true)
    }

    @Test("an alias bomb is refused before it expands")
    func aliasBomb() throws {
        var text = "a: &a [x, x, x, x, x, x, x, x, x, x]\n"
        var previous = "a"
        for level in ["b", "c", "d", "e", "f", "g"] {
            text += "\(level): &\(level) [" + Array(repeating: "*\(previous)", count: 10).joined(separator: ", ") + "]\n"
            previous = level
        }
        let error = try #require(loadError(text))
        #expect(error.message.contains("expands to more than"))
    }

    @Test("unknown keys and unknown rule kinds are errors naming the allowed ones")
    func unknowns() throws {
        let key = try #require(loadError(header + "  - { id: a, max_order_quantity: { limit: 1 }, sevrity: high }\n"))
        #expect(key.message.contains("unknown key 'sevrity'"))
        #expect(key.line == 3)
        let kind = try #require(loadError(header + "  - id: a\n    max_leverage: { limit: 3 }\n"))
        #expect(kind.message.contains("unknown key 'max_leverage'"))
        #expect(kind.hint?.contains("max_order_notional") == true)
        let field = try #require(loadError(header + "  - { id: a, max_order_quantity: { limt: 1 } }\n"))
        #expect(field.message.contains("unknown key 'limt'"))
    }

    @Test("wrong types are errors: text for a number, a list for a mapping")
    func wrongTypes() throws {
        #expect(loadError(header + "  - { id: a, max_order_quantity: { limit: one } }\n")?.message.contains("must be a number") == true)
        #expect(loadError(header + "  - { id: a, max_order_quantity: { limit: \"1\" } }\n")?.message.contains("must be a number") == true)
        #expect(loadError(header + "  - { id: a, max_order_quantity: [1] }\n")?.message.contains("must be a mapping") == true)
        #expect(loadError("policy: p\nrules: { id: a }\n")?.message.contains("must be a list") == true)
        #expect(loadError(header + "  - { id: a, max_open_orders: { limit: 2.5 } }\n")?.message.contains("whole number") == true)
    }

    @Test("negative, zero, NaN, infinite and absurdly large limits are refused")
    func badNumbers() throws {
        for value in ["-1", "0", ".nan", ".NaN", ".inf", "-.inf", "1e300", "1e16"] {
            let error = try #require(loadError(header + "  - { id: a, max_order_notional: { limit: \(value) } }\n"), "\(value) was accepted")
            #expect(error.code == .value, "\(value): \(error)")
            #expect(error.line == 3)
        }
        #expect(loadError("policy: p\nbreakers:\n  - { id: b, when: { drawdown_pct: 150 }, action: halted, reset: manual }\n")?.message.contains("at most 100") == true)
    }

    @Test("a rule without an id or a kind, and a breaker without a reset, say what to add")
    func missingParts() throws {
        #expect(loadError(header + "  - { max_order_quantity: { limit: 1 } }\n")?.message.contains("needs an `id`") == true)
        #expect(loadError(header + "  - { id: a }\n")?.hint?.contains("max_order_quantity") == true)
        #expect(loadError("policy: p\nbreakers:\n  - { id: b, when: { drawdown_pct: 5 }, action: halted }\n")?.message.contains("no `reset`") == true)
        #expect(loadError("rules: []\n")?.message.contains("no name") == true)
    }

    @Test("durations, times of day and offsets are checked")
    func durations() throws {
        #expect(loadError(header + "  - { id: a, order_rate: { max: 5, per: 1 } }\n")?.message.contains("not a duration") == true)
        #expect(loadError(header + "  - { id: a, order_rate: { max: 5, per: 2w } }\n")?.message.contains("not a duration") == true)
        #expect(loadError(header + "  - { id: a, trading_window: { from: \"25:00\", to: \"17:00\" } }\n")?.message.contains("not a time of day") == true)
        #expect(loadError(header + "  - { id: a, trading_window: { from: \"09:00\", to: \"17:00\", days: [funday] } }\n")?.message.contains("unknown day") == true)
    }

    @Test("a Lua rule file that is missing is an error at load")
    func missingLua() throws {
        #expect(loadError(header + "  - { id: a, lua: { file: rules/nope.lua } }\n")?.message.contains("cannot read the Lua file") == true)
    }

    @Test("a policy that does not cover the run's strategy or mode refuses to start it")
    func scope() throws {
        let directory = Paths.scratch("policy")
        let path = directory + "/narrow.yaml"
        try "policy: narrow\napplies_to: { strategies: [breakout], modes: [paper] }\nrules: []\n".write(toFile: path, atomically: true, encoding: .utf8)
        var request = BacktestRequest(strategyPath: Paths.repo("strategies/sma_cross.lua"), data: .csv(path: Paths.fixture("sma_reference_bars.csv")), symbol: "REF")
        request.policyPath = path
        let error = try #require(throws: ConfigError.self) { try Backtest.run(request, warn: { _ in }) }
        #expect(error.message.contains("does not apply to strategy sma_cross"))
    }

    @Test("spark policy test runs the bundled suite green with every default rule covered")
    func bundledSuite() throws {
        let outcome = try PolicyTestRun.run(directory: Paths.repo("policies/tests"), instrumentsPath: Paths.repo("data/instruments.yaml"))
        #expect(outcome.failed == 0, "\(outcome.cases.filter { !$0.passed }.map { "\($0.name): \($0.actual)" })")
        let coverage = try #require(outcome.coverage.first { $0.policy.hasSuffix("default.yaml") })
        #expect(coverage.fraction == 1, "untested: \(coverage.rules.filter { $0.rejected == 0 }.map(\.id))")
    }

    @Test("a failing policy test case is reported with its file, line and what happened")
    func failingCase() throws {
        let directory = Paths.scratch("policy-tests")
        try """
        policy: \(Paths.repo("policies/default.yaml"))
        cases:
          - name: wrongly expects a big order to pass
            given: { prices: { BTCUSDT: 42000 } }
            order: { symbol: BTCUSDT, side: buy, type: market, qty: 5 }
            expect: allow
        """.write(toFile: directory + "/wrong.yaml", atomically: true, encoding: .utf8)
        let outcome = try PolicyTestRun.run(directory: directory, instrumentsPath: Paths.repo("data/instruments.yaml"))
        #expect(outcome.failed == 1)
        #expect(outcome.cases.first?.actual.hasPrefix("reject max-qty") == true)
        #expect(outcome.cases.first?.line == 3)
    }
}
