import Foundation
import Testing

/// Every YAML leniency of issue 12, attacked through the `spark` binary.
@Suite("Strict YAML everywhere")
struct StrictYAMLTests {
    static let strategy = Paths.repo("strategies/sma_cross.lua")
    static let bars = Paths.fixture("sma_reference_bars.csv")

    func backtest(params: String, extra: [String] = []) throws -> SparkCLI.Outcome {
        try SparkCLI.run(
            ["backtest", "--strategy", Self.strategy, "--params", params, "--data", Self.bars, "--symbol", "REF", "--no-policy"] + extra,
            in: Paths.scratch("anywhere")
        )
    }

    @Test("an int param written 012, +12, 12.0 or 1.2e1 is refused at its line and column instead of loading as 12", arguments: [
        ("012", "p.yaml:3:9: error:"), ("+12", "p.yaml:3:9: error:"), ("12.0", "p.yaml:3:3: error: parameter 'fast' is an int"),
        ("1.2e1", "p.yaml:3:3: error: parameter 'fast' is an int"),
    ])
    func intSpellings(spelling: String, expected: String) throws {
        let params = Paths.write("strategy: sma_cross\nvalues:\n  fast: \(spelling)\n  slow: 30\n", named: "p.yaml")
        let outcome = try backtest(params: params)
        #expect(outcome.status == 1)
        #expect(outcome.stderr.contains(expected), "\(outcome.stderr)")
        let plain = try backtest(params: Paths.write("strategy: sma_cross\nvalues:\n  fast: 12\n  slow: 30\n", named: "p.yaml"))
        #expect(plain.status == 0, "the plain spelling still runs: \(plain.stderr)")
    }

    @Test("--set takes the same spellings as a file: --set fast=012 is refused")
    func setSpelling() throws {
        let outcome = try SparkCLI.run(
            ["backtest", "--strategy", Self.strategy, "--set", "fast=012", "--data", Self.bars, "--symbol", "REF", "--no-policy"], in: Paths.scratch("anywhere")
        )
        #expect(outcome.status != 0)
        #expect(outcome.stderr.contains("not written plainly"), "\(outcome.stderr)")
    }

    @Test("a byte-order mark is refused at 1:1")
    func byteOrderMark() throws {
        let path = Paths.scratch() + "/bom.yaml"
        _ = FileManager.default.createFile(atPath: path, contents: Data([0xEF, 0xBB, 0xBF]) + Data("policy: p\nrules: []\n".utf8))
        let outcome = try SparkCLI.run(["policy", "check", path], in: Paths.scratch("anywhere"))
        #expect(outcome.status == 1)
        #expect(outcome.stderr.contains("bom.yaml:1:1: error: the file starts with a byte-order mark"), "\(outcome.stderr)")
    }

    @Test("a duplicate key is refused at the second one's line and column", arguments: [
        ("policy: p\nrules: []\npolicy: q\n", "dup.yaml:3:1: error: duplicate key 'policy' (first at line 1)"),
        ("policy: p\nrules:\n  - { id: a, max_order_quantity: { limit: 1, limit: 2 } }\n", "dup.yaml:3:46: error: duplicate key 'limit' (first at line 3)"),
    ])
    func duplicateKeys(text: String, expected: String) throws {
        let path = Paths.scratch() + "/dup.yaml"
        try text.write(toFile: path, atomically: true, encoding: .utf8)
        let outcome = try SparkCLI.run(["policy", "check", path], in: Paths.scratch("anywhere"))
        #expect(outcome.status == 1)
        #expect(outcome.stderr.contains(expected), "\(outcome.stderr)")
    }

    @Test("a file that is not UTF-8 is refused at the offending byte, not as 'check the path and its permissions'")
    func notUTF8() throws {
        let path = Paths.scratch() + "/latin1.yaml"
        _ = FileManager.default.createFile(atPath: path, contents: Data("policy: p\nrules: []\ndescription: caf".utf8) + Data([0xE9, 0x0A]))
        let outcome = try SparkCLI.run(["policy", "check", path], in: Paths.scratch("anywhere"))
        #expect(outcome.status == 1)
        #expect(outcome.stderr.contains("latin1.yaml:3:17: error: the file is not valid UTF-8 (byte 0xE9)"), "\(outcome.stderr)")
        #expect(!outcome.stderr.contains("permissions"))
    }

    @Test("policy check compiles Lua rules: a rule that does not compile is not 'ok'")
    func luaRuleCompiles() throws {
        let directory = Paths.scratch("lua-rule")
        try FileManager.default.createDirectory(atPath: directory + "/rules", withIntermediateDirectories: true)
        try "function check(order, ctx)\n  return order.qty <\nend\n".write(toFile: directory + "/rules/broken.lua", atomically: true, encoding: .utf8)
        try "policy: p\nrules:\n  - { id: broken, strategies: [other], lua: { file: rules/broken.lua } }\n"
            .write(toFile: directory + "/p.yaml", atomically: true, encoding: .utf8)
        let outcome = try SparkCLI.run(["policy", "check", directory + "/p.yaml"], in: directory)
        #expect(outcome.status == 1)
        #expect(!outcome.stdout.contains("ok"))
        #expect(outcome.stderr.contains("broken.lua"), "\(outcome.stderr)")
        #expect(outcome.stderr.contains("rule 'broken'"), "\(outcome.stderr)")
    }

    @Test("policy numbers take one spelling: a leading zero or a '+' is refused", arguments: ["010", "+10"])
    func policyNumbers(spelling: String) throws {
        let path = Paths.write("policy: p\nrules:\n  - { id: a, max_order_quantity: { limit: \(spelling) } }\n", named: "n.yaml")
        let outcome = try SparkCLI.run(["policy", "check", path], in: Paths.scratch("anywhere"))
        #expect(outcome.status == 1)
        #expect(outcome.stderr.contains("n.yaml:3:"), "\(outcome.stderr)")
        #expect(outcome.stderr.contains("written plainly"), "\(outcome.stderr)")
    }

    @Test("the instruments file refuses a tick written with a leading zero")
    func instruments() throws {
        let path = Paths.write("REF: { quote: USDT, tick: \"00.01\", step: \"0.00001\" }\n", named: "instruments.yaml")
        let outcome = try SparkCLI.run(
            ["backtest", "--strategy", Self.strategy, "--instruments", path, "--data", Self.bars, "--symbol", "REF", "--no-policy"], in: Paths.scratch("anywhere")
        )
        #expect(outcome.status == 1)
        #expect(outcome.stderr.contains("instruments.yaml:1:27: error: tick '00.01'"), "\(outcome.stderr)")
    }
}
