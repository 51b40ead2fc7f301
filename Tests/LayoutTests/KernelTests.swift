import Foundation
import Testing

/// The drivers stay thin: the session kernel is the one place a run is assembled.
@Suite("Layout: one session kernel, thin drivers")
struct KernelTests {
    /// What only the kernel builds: an engine, a venue, the loop between them, a guard.
    static let initialisers = ["Engine(configuration:", "SimulatedVenue(", "SessionLoop(", "Guardrails(policy:", "GuardSetup.prepare("]

    /// Where those may appear: their own modules, the kernel, and tools that are not sessions.
    static let allowedPlaces: [(prefix: String, why: String)] = [
        ("Sources/Engine/", "the types themselves"),
        ("Sources/Guardrails/", "the guard itself"),
        ("Sources/Session/", "the session kernel"),
        ("Sources/Desk/PolicyFile+Compile.swift", "compiles a policy's rules to check them when the file loads; never trades"),
        ("Sources/Drivers/Guard/PolicyTestRun.swift", "`spark policy test` asks a guard about single orders; no session runs"),
        ("Sources/SparkBench/", "benchmarks measure the loop and the guard on their own"),
    ]

    /// The files that make up each driver, and the most lines each may have. (The lab runs each
    /// scenario through `Backtest.run`, so it has no driver of its own.)
    static let drivers = [
        "Sources/Drivers/Backtest/Backtest.swift", "Sources/Drivers/Paper/Paper.swift", "Sources/Drivers/Paper/PaperSession.swift",
        "Sources/Drivers/Paper/PaperSession+Feed.swift", "Sources/Drivers/Paper/PaperSession+Controls.swift", "Sources/Drivers/Replay/Replay.swift",
    ]
    static let maxDriverLines = 150

    @Test("no driver or other code outside the kernel builds an engine, a venue, the loop or a guard")
    func onlyTheKernelAssembles() throws {
        var found: [String] = []
        for (path, text) in try FunctionLengthTests.sources() where !Self.allowedPlaces.contains(where: { path.hasPrefix($0.prefix) }) {
            for (number, line) in text.split(separator: "\n", omittingEmptySubsequences: false).enumerated() {
                let code = line.split(separator: "//", maxSplits: 1).first ?? ""
                for initialiser in Self.initialisers where code.contains(initialiser) {
                    found.append("\(path):\(number + 1): \(initialiser)")
                }
            }
        }
        #expect(found.isEmpty, "build sessions through SessionKernel: \(found.joined(separator: "; "))")
    }

    @Test("the check finds an engine built in a driver")
    func checkFindsAnEngine() {
        let line = "        let engine = Engine(configuration: EngineConfiguration(initialCash: cash), symbols: symbols, instruments: [i])"
        #expect(Self.initialisers.contains { line.contains($0) })
    }

    @Test("each driver's files are at most 150 lines")
    func driversAreThin() throws {
        for path in Self.drivers {
            let text = try String(contentsOf: FunctionLengthTests.root.appendingPathComponent(path), encoding: .utf8)
            let lines = text.split(separator: "\n", omittingEmptySubsequences: false).count
            #expect(lines <= Self.maxDriverLines, "\(path) has \(lines) lines")
        }
    }
}
