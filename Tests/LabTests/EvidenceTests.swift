import Drivers
import Foundation
@testable import Lab
import Testing

@Suite("Evidence")
struct EvidenceTests {
    func sweep(_ extra: String = "", policy: String = "none") throws -> String {
        let spec = Specs.write(Specs.text(ranges: "fast: [5, 10]\n  slow: [20, 30]", extra: extra, policy: policy))
        let result = try SweepJob.run(specPath: spec, options: Specs.options(root: Paths.scratch("evidence"), store: nil), warn: { _ in })
        return try #require(result.evidenceDirectory)
    }

    func failure(_ directory: String) -> EvidenceError? {
        do {
            _ = try Evidence.verify(directory)
            return nil
        } catch let error as EvidenceError {
            return error
        } catch {
            Issue.record("unexpected \(error)")
            return nil
        }
    }

    @Test("a sweep's evidence verifies: every hash matches and the re-run reproduces every reproducible file")
    func sweepVerifies() throws {
        let directory = try sweep()
        let result = try Evidence.verify(directory)
        #expect(result.kind == "sweep")
        #expect(result.reproduced.contains("leaderboard.csv") && result.reproduced.contains("winners/BTCUSDT/trades.csv"))
        #expect(result.evidenceID == "20251124T160000Z-abcdef")
        let manifest = try String(contentsOfFile: directory + "/MANIFEST.sha256", encoding: .utf8)
        #expect(manifest.contains("  run.json\n") && manifest.contains("  INDEX.md\n") && manifest.contains("  inputs/strategy.lua\n"))
        let index = try String(contentsOfFile: directory + "/INDEX.md", encoding: .utf8)
        #expect(index.contains("[leaderboard.csv](leaderboard.csv)") && !index.contains(".partial"))
    }

    @Test("an edited file fails verification naming it")
    func tampered() throws {
        let directory = try sweep()
        let path = directory + "/leaderboard.csv"
        try (String(contentsOfFile: path, encoding: .utf8).replacingOccurrences(of: "BTCUSDT", with: "BTCUSDC")).write(toFile: path, atomically: true, encoding: .utf8)
        let error = failure(directory)
        #expect(error?.code == .tampered && error?.file == "leaderboard.csv")
    }

    @Test("a removed file, an added file and a deleted manifest each fail verification")
    func missingAndAdded() throws {
        let first = try sweep()
        try FileManager.default.removeItem(atPath: first + "/winners/BTCUSDT/equity.csv")
        #expect(failure(first)?.code == .missing)
        #expect(failure(first)?.file == "winners/BTCUSDT/equity.csv")

        let second = try sweep()
        Paths.write("planted", to: second + "/winners/BTCUSDT/extra.csv")
        #expect(failure(second)?.code == .unlisted)

        let third = try sweep()
        try FileManager.default.removeItem(atPath: third + "/MANIFEST.sha256")
        #expect(failure(third)?.code == .unreadable)
    }

    @Test("an artifact edited and re-hashed into the manifest is caught by the re-run, which names it and the line")
    func notReproduced() throws {
        let directory = try sweep()
        let path = directory + "/winners/BTCUSDT/trades.csv"
        var lines = try String(contentsOfFile: path, encoding: .utf8).split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        lines[1] = lines[1].replacingOccurrences(of: ",long,", with: ",short,")
        try lines.joined(separator: "\n").write(toFile: path, atomically: true, encoding: .utf8)
        try EvidenceManifest.write(directory: directory)
        let error = failure(directory)
        #expect(error?.code == .notReproduced)
        #expect(error?.file == "winners/BTCUSDT/trades.csv")
        #expect(error?.message.contains("line 2") == true)
    }

    @Test("an input changed since the run is named, with the recorded copy to restore")
    func inputChanged() throws {
        let params = Paths.scratch("params") + "/base.yaml"
        Paths.write("strategy: sma_cross\nvalues: { size: 0.02 }\n", to: params)
        let directory = try sweep("params: \(params)")
        #expect(throws: Never.self) { try Evidence.verify(directory) }
        Paths.write("strategy: sma_cross\nvalues: { size: 0.03 }\n", to: params)
        let error = failure(directory)
        #expect(error?.code == .inputChanged && error?.file == params)
        #expect(error?.hint?.contains("inputs/params.yaml") == true)
    }

    @Test("a backtest's evidence verifies, and different bars under the same path are caught")
    func backtestEvidence() throws {
        let data = Paths.scratch("bars") + "/bars.csv"
        let sample = try String(contentsOfFile: Paths.repo("data/sample/BTCUSDT-1m-synthetic.csv"), encoding: .utf8)
        Paths.write(sample.split(separator: "\n").prefix(1500).joined(separator: "\n") + "\n", to: data)
        var request = BacktestRequest(strategyPath: Paths.repo("strategies/sma_cross.lua"), data: .csv(path: data), symbol: "BTCUSDT")
        request.policyPath = Paths.repo("policies/default.yaml")
        request.instrumentsPath = Paths.repo("data/instruments.yaml")
        request.overrides = ["fast": .int(5), "slow": .int(20)]
        let directory = Paths.scratch("backtest") + "/run"
        let (report, record) = try BacktestEvidence.run(request, directory: directory, time: 1_764_000_000_000, nonce: 1, warn: { _ in })
        #expect(record.series.first?.sha256 == report.dataSHA256)
        #expect(record.recipe.backtest?.params["fast"] == "int:5")
        let verified = try Evidence.verify(directory)
        #expect(verified.reproduced == ["report.json", "trades.csv", "fills.csv", "equity.csv", "decisions.jsonl", "run.log"])

        Paths.write(sample.split(separator: "\n").prefix(1400).joined(separator: "\n") + "\n", to: data)
        let error = failure(directory)
        #expect(error?.code == .inputChanged)
        #expect(error?.message.contains("bars") == true)
    }

    @Test("a killed run leaves no directory that looks like evidence")
    func stagedWrites() throws {
        let directory = Paths.scratch("staged") + "/run"
        #expect(throws: ConfigError.self) {
            try Evidence.stage(directory) { staging in
                Paths.write("half", to: staging + "/report.json")
                throw ConfigError(.data, "killed")
            }
        }
        #expect(!FileManager.default.fileExists(atPath: directory))
        #expect(!FileManager.default.fileExists(atPath: directory + ".partial-\(getpid())"))
    }

    @Test("the next run removes staging left by a killed process, and leaves a live process's staging alone")
    func abandonedStaging() throws {
        let folder = Paths.scratch("abandoned")
        let finished = Process()
        finished.executableURL = URL(fileURLWithPath: "/bin/true")
        try finished.run()
        finished.waitUntilExit()
        let abandoned = "\(folder)/old-run.partial-\(finished.processIdentifier)"
        let live = "\(folder)/other-run.partial-1"
        Paths.write("half", to: abandoned + "/report.json")
        Paths.write("half", to: live + "/report.json")

        try Evidence.stage(folder + "/run") { staging in Paths.write("{}", to: staging + "/report.json") }

        #expect(!FileManager.default.fileExists(atPath: abandoned))
        #expect(FileManager.default.fileExists(atPath: live + "/report.json"))
        #expect(FileManager.default.fileExists(atPath: folder + "/run/report.json"))
    }

    @Test("pack writes a gzip'd tar that tar lists, and refuses tampered evidence")
    func pack() throws {
        let directory = try sweep()
        let packed = try Evidence.pack(directory, to: Paths.scratch("pack") + "/evidence.tar.gz")
        let bytes = try [UInt8](Data(contentsOf: URL(fileURLWithPath: packed.path)))
        #expect(bytes.prefix(2) == [0x1F, 0x8B])
        let tar = Process()
        tar.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        tar.arguments = ["tar", "-tzf", packed.path]
        let pipe = Pipe()
        tar.standardOutput = pipe
        try tar.run()
        let listing = String(decoding: pipe.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        tar.waitUntilExit()
        let name = (directory as NSString).lastPathComponent
        #expect(tar.terminationStatus == 0)
        #expect(listing.contains("\(name)/MANIFEST.sha256") && listing.contains("\(name)/winners/BTCUSDT/report.json"))

        Paths.write("x", to: directory + "/best.json")
        #expect(throws: EvidenceError.self) { try Evidence.pack(directory) }
    }

    @Test("a walk-forward run records its windows and verifies")
    func walkForward() throws {
        let text = Specs.text(ranges: "fast: [5, 10]\n  slow: [20, 30]", extra: "walk_forward: { in_sample: 4h, out_of_sample: 1h }")
            .replacingOccurrences(of: "T05:59:00Z", with: "T07:59:00Z")
        let spec = Specs.write(text)
        let result = try SweepJob.run(specPath: spec, options: Specs.options(root: Paths.scratch("wf"), store: nil), warn: { _ in })
        #expect(result.windows.count == 4)
        #expect(result.windows.allSatisfy { $0.inSample.upperBound < $0.outOfSample.lowerBound })
        let directory = try #require(result.evidenceDirectory)
        let csv = try String(contentsOfFile: directory + "/walkforward.csv", encoding: .utf8)
        #expect(csv.split(separator: "\n").count == 5)
        let verified = try Evidence.verify(directory)
        #expect(verified.kind == "walk_forward" && verified.reproduced.contains("oos_equity.csv"))
    }
}

@Suite("Evidence formats")
struct EvidenceFormatTests {
    @Test("evidence of an older format is refused with what to do, not re-run into a mismatch")
    func olderEvidenceIsRefused() throws {
        let directory = Paths.scratch("old-evidence")
        try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        let record = #"{"format":1,"kind":"backtest","evidence_id":"x","created_at":"x","inputs":[],"series":[],"reproducible":[],"recipe":{}}"#
        try record.write(toFile: directory + "/run.json", atomically: true, encoding: .utf8)
        do {
            _ = try EvidenceRecord.read(directory: directory)
            Issue.record("an old evidence record was read")
        } catch {
            #expect(error.message.contains("this evidence is format 1; this build writes and verifies format \(EvidenceRecord.currentFormat)"))
            #expect(error.hint?.contains("re-run the recorded command") == true)
        }
    }
}
