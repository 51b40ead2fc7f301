import Foundation
import Testing
@testable import Desk

/// What the docs must name because the code has it.
@Suite("The docs name what the code has")
struct DocsContentTests {
    @Test("every key the instruments reader accepts is documented in docs/data-formats.md, with the fee base in docs/fills.md")
    func instrumentKeys() throws {
        let formats = try Repo.read("docs/data-formats.md")
        let section = try #require(formats.components(separatedBy: "## Instruments").dropFirst().first?.components(separatedBy: "\n## ").first)
        for key in InstrumentCatalog.keys.sorted() {
            #expect(section.contains("| `\(key)` |"), "docs/data-formats.md's Instruments table has no row for `\(key)`")
        }
        let fills = try Repo.read("docs/fills.md")
        #expect(fills.contains("**The fee base.**") && fills.contains("notional × bps / 10,000"))
    }

    @Test("every ctx method and field in docs/strategy-api.md has a ---@ annotation in the LuaLS stubs")
    func contextStubs() throws {
        let api = try Repo.read("docs/strategy-api.md")
        let stubs = try Repo.read("strategies/types/spark.lua")
        let table = try #require(api.components(separatedBy: "## `ctx`").dropFirst().first?.components(separatedBy: "\n\n").dropFirst().first)
        var methods: Set<String> = [], fields: Set<String> = []
        for row in table.split(separator: "\n") where row.hasPrefix("| `ctx") {
            let call = row.dropFirst(3).prefix { $0 != "`" }
            let name = String(call.dropFirst(4).prefix { $0.isLetter || $0 == "_" })
            if call.hasPrefix("ctx:") { methods.insert(name) } else if call.hasPrefix("ctx.") { fields.insert(name) }
        }
        #expect(methods.count >= 12 && fields.count >= 3, "read \(methods.sorted()) and \(fields.sorted()) from the ctx table")
        let lines = stubs.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        for method in methods.sorted() {
            let index = lines.firstIndex { $0.hasPrefix("function Context:\(method)(") }
            #expect(index != nil, "strategies/types/spark.lua declares no Context:\(method)")
            if let index { #expect(index > 0 && lines[index - 1].hasPrefix("---@"), "Context:\(method) has no ---@ annotation") }
        }
        let context = stubs.components(separatedBy: "---@class spark.Context").dropFirst().first ?? ""
        for field in fields.sorted() {
            #expect(context.contains("---@field \(field) "), "spark.Context has no ---@field \(field)")
        }
    }

    @Test("the callbacks are declared in the stubs with typed parameters", arguments: [
        ("on_start", ["ctx spark.Context"]), ("on_bar", ["ctx spark.Context", "bar spark.Bar"]),
        ("on_fill", ["ctx spark.Context", "fill spark.Fill"]), ("on_order", ["ctx spark.Context", "order spark.Order"]),
        ("on_stop", ["ctx spark.Context"]),
    ])
    func callbacks(_ name: String, _ parameters: [String]) throws {
        let lines = try Repo.read("strategies/types/spark.lua").split(separator: "\n").map(String.init)
        let names = parameters.map { $0.split(separator: " ")[0] }.joined(separator: ", ")
        let index = try #require(lines.firstIndex(of: "function \(name)(\(names)) end"), "no `function \(name)(\(names)) end` in the stubs")
        let annotations = lines[..<index].reversed().prefix { $0.hasPrefix("---") }
        for parameter in parameters {
            #expect(annotations.contains("---@param \(parameter)"), "\(name) lacks ---@param \(parameter)")
        }
        let luarc = try Repo.read(".luarc.json")
        #expect(luarc.contains("strategies/types"))
    }

    @Test("the README puts spark on PATH in one documented step: make install, PREFIX overridable")
    func makeInstall() throws {
        let makefile = try Repo.read("Makefile")
        #expect(makefile.contains("PREFIX ?= $(HOME)/.local"))
        #expect(makefile.contains("\ninstall: build\n"))
        let readme = try Repo.read("README.md")
        let twoCommands = try #require(readme.components(separatedBy: "## Two commands").dropFirst().first?.components(separatedBy: "\n## ").first)
        #expect(twoCommands.contains("make install"))
        #expect(twoCommands.contains("PREFIX="))
        // The recipe itself, pointed at the built binary and a temporary prefix (the build step is not run).
        let prefix = NSTemporaryDirectory() + "spark-prefix-\(UUID().uuidString.prefix(8))"
        defer { try? FileManager.default.removeItem(atPath: prefix) }
        var environment = ProcessInfo.processInfo.environment
        environment.removeValue(forKey: "MAKEFLAGS")
        let outcome = try BlockRunner.run(
            ["make", "--no-print-directory", "install-binary", "PREFIX=\(prefix)", "SPARK=\(Repo.spark)"], in: Repo.root, environment: environment, timeout: 60
        )
        #expect(outcome.status == 0, "\(outcome.stdout)\(outcome.stderr)")
        #expect(FileManager.default.isExecutableFile(atPath: prefix + "/bin/spark"))
    }
}
