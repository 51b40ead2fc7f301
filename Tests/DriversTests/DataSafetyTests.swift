import Foundation
import Testing
@testable import Drivers

/// "Never lose data": `--out`, journals, torn tails and full disks, attacked through the `spark` binary.
@Suite("Never lose data")
struct DataSafetyTests {
    static let strategy = Paths.repo("strategies/sma_cross.lua")
    static let bars = Paths.fixture("sma_reference_bars.csv")

    static func backtest(out: String, force: Bool = false, in directory: String) throws -> SparkCLI.Outcome {
        try SparkCLI.run(
            ["backtest", "--strategy", strategy, "--data", bars, "--symbol", "REF", "--no-policy", "--out", out] + (force ? ["--force"] : []),
            in: directory
        )
    }

    /// Every file under `directory` with its bytes, to prove nothing changed.
    static func snapshot(_ directory: String) -> [String: Data] {
        var files: [String: Data] = [:]
        let enumerator = FileManager.default.enumerator(atPath: directory)
        while let name = enumerator?.nextObject() as? String {
            if let data = FileManager.default.contents(atPath: "\(directory)/\(name)") { files[name] = data }
        }
        return files
    }

    @Test("--out over a directory of other files refuses, with or without --force, and leaves every file as it was")
    func outOverData() throws {
        let work = Paths.scratch("out-data")
        try FileManager.default.createDirectory(atPath: work + "/out/paper", withIntermediateDirectories: true)
        try "{\"type\":\"header\"}\n".write(toFile: work + "/out/paper/session.jsonl", atomically: true, encoding: .utf8)
        let before = Self.snapshot(work)
        for force in [false, true] {
            let outcome = try Self.backtest(out: "out", force: force, in: work)
            #expect(outcome.status == 1)
            #expect(outcome.stderr.contains("is not Spark evidence; it is never overwritten"), "\(outcome.stderr)")
        }
        #expect(Self.snapshot(work) == before)
        #expect(try FileManager.default.contentsOfDirectory(atPath: work) == ["out"], "no staging left behind")
    }

    @Test("--out . refuses cleanly instead of crashing, and a file is never replaced")
    func outDotAndFile() throws {
        let work = Paths.scratch("out-dot")
        try "keep me\n".write(toFile: work + "/notes.txt", atomically: true, encoding: .utf8)
        let dot = try Self.backtest(out: ".", in: work)
        #expect(dot.status == 1, "exit status, not a signal: \(dot.stderr)")
        #expect(dot.stderr.contains("refusing to write evidence to .: it is the working directory"), "\(dot.stderr)")
        let file = try Self.backtest(out: "notes.txt", force: true, in: work)
        #expect(file.status == 1)
        #expect(file.stderr.contains("is a file; evidence never replaces a file"), "\(file.stderr)")
        #expect(try String(contentsOfFile: work + "/notes.txt", encoding: .utf8) == "keep me\n")
        #expect(try FileManager.default.contentsOfDirectory(atPath: work) == ["notes.txt"])
    }

    @Test("earlier evidence is refused, and with --force moved aside as NAME.replaced-TIME, never deleted")
    func forceMovesEvidenceAside() throws {
        let work = Paths.scratch("out-evidence")
        #expect(try Self.backtest(out: "run", in: work).status == 0)
        let first = Self.snapshot(work + "/run")
        #expect(first["MANIFEST.sha256"] != nil)
        let refused = try Self.backtest(out: "run", in: work)
        #expect(refused.status == 1)
        #expect(refused.stderr.contains("already holds Spark evidence"), "\(refused.stderr)")
        let forced = try Self.backtest(out: "run", force: true, in: work)
        #expect(forced.status == 0, "\(forced.stderr)")
        let aside = try #require(try FileManager.default.contentsOfDirectory(atPath: work).first { $0.hasPrefix("run.replaced-") })
        #expect(Self.snapshot(work + "/" + aside) == first, "the earlier evidence is intact")
        #expect(Self.snapshot(work + "/run")["run.json"] != first["run.json"], "new evidence in place")
    }

    @Test("data export --out over an existing file refuses; --force moves the old file aside and never deletes it")
    func exportOverFile() throws {
        let work = Paths.scratch("export")
        #expect(try SparkCLI.run(["data", "import", Self.bars, "--symbol", "REF", "--interval", "1m", "--db", "bars.db"], in: work).status == 0)
        try "my own notes\n".write(toFile: work + "/bars.csv", atomically: true, encoding: .utf8)
        let export = ["data", "export", "--db", "bars.db", "--symbol", "REF", "--interval", "1m", "--out", "bars.csv"]
        let refused = try SparkCLI.run(export, in: work)
        #expect(refused.status == 1)
        #expect(refused.stderr.contains("bars.csv already exists and is never overwritten"), "\(refused.stderr)")
        #expect(try String(contentsOfFile: work + "/bars.csv", encoding: .utf8) == "my own notes\n")
        let forced = try SparkCLI.run(export + ["--force"], in: work)
        #expect(forced.status == 0, "\(forced.stderr)")
        let aside = try #require(try FileManager.default.contentsOfDirectory(atPath: work).first { $0.hasPrefix("bars.csv.replaced-") })
        #expect(try String(contentsOfFile: work + "/" + aside, encoding: .utf8) == "my own notes\n")
        #expect(try String(contentsOfFile: work + "/bars.csv", encoding: .utf8).hasPrefix("time,open,high,low,close,volume"))
    }

    @Test("evidence pack over an existing archive refuses; --force moves the old archive aside")
    func packOverArchive() throws {
        let work = Paths.scratch("pack")
        #expect(try Self.backtest(out: "run", in: work).status == 0)
        #expect(try SparkCLI.run(["evidence", "pack", "run"], in: work).status == 0)
        let first = try Data(contentsOf: URL(fileURLWithPath: work + "/run.tar.gz"))
        let again = try SparkCLI.run(["evidence", "pack", "run"], in: work)
        #expect(again.status == 1)
        #expect(again.stderr.contains("run.tar.gz already exists and is never overwritten"), "\(again.stderr)")
        #expect(try SparkCLI.run(["evidence", "pack", "run", "--force"], in: work).status == 0)
        let aside = try #require(try FileManager.default.contentsOfDirectory(atPath: work).first { $0.hasPrefix("run.tar.gz.replaced-") })
        #expect(try Data(contentsOf: URL(fileURLWithPath: work + "/" + aside)) == first)
    }

    @Test("a paper journal is never overwritten: a restart with the same --journal refuses and says how")
    func journalNeverOverwritten() throws {
        let (project, strategy) = try OperatorSafetyTests.project()
        let journal = Paths.scratch("journal") + "/session.jsonl"
        let arguments = OperatorSafetyTests.paperArguments(strategy: strategy, journal: journal, speed: "max")
        #expect(try SparkCLI.run(arguments, in: project.root).status == 0)
        let before = try Data(contentsOf: URL(fileURLWithPath: journal))
        let again = try SparkCLI.run(arguments, in: project.root)
        #expect(again.status == 1)
        #expect(again.stderr.contains("the journal already exists"), "\(again.stderr)")
        #expect(again.stderr.contains("start with a new --journal path"), "\(again.stderr)")
        #expect(try Data(contentsOf: URL(fileURLWithPath: journal)) == before)
    }

    @Test("a journal torn in the middle of a decision replays as far as it goes, with a warning, not MISMATCH")
    func tornTail() throws {
        let (project, strategy) = try OperatorSafetyTests.project()
        let journal = Paths.scratch("torn") + "/session.jsonl"
        #expect(try SparkCLI.run(OperatorSafetyTests.paperArguments(strategy: strategy, journal: journal, speed: "max"), in: project.root).status == 0)
        let lines = try String(contentsOfFile: journal, encoding: .utf8).split(separator: "\n")
        // Cut in the middle of the first decision that follows a bar past the journal's middle.
        let index = try #require(lines.indices.first { $0 > lines.count / 2 && lines[$0].contains("\"type\":\"decision\"") && lines[$0 - 1].contains("\"type\":\"bar\"") })
        let torn = lines[..<index].joined(separator: "\n") + "\n" + lines[index].prefix(lines[index].count / 2)
        try torn.write(toFile: journal, atomically: true, encoding: .utf8)
        let replay = try SparkCLI.run(["replay", journal], in: Paths.scratch("anywhere"))
        #expect(replay.status == 0, "\(replay.stdout)\(replay.stderr)")
        #expect(replay.stderr.contains("last line is incomplete"), "\(replay.stderr)")
        #expect(replay.stdout.contains("journal has no end record"))
        #expect(!replay.stdout.contains("MISMATCH"))
    }

    /// A disk that takes `capacity` bytes, then fails every write with ENOSPC.
    final class FullDisk: LineSink, @unchecked Sendable {
        var capacity: Int
        init(capacity: Int) { self.capacity = capacity }
        func write(_ bytes: [UInt8]) throws(ConfigError) {
            guard bytes.count <= capacity else { throw FileSink.failure(ENOSPC, path: "full-disk") }
            capacity -= bytes.count
        }
        func synchronize() throws(ConfigError) {}
        func close() {}
    }

    @Test("a full disk ends the session cleanly with a clear message, never a crash")
    func diskFullInjected() async throws {
        let project = try TestProject.make("disk-full")
        var request = PaperRequest(project: project, strategyPath: Paths.repo("strategies/sma_cross.lua"), feedPath: Self.bars, symbol: "REF", journalPath: Paths.scratch("full") + "/s.jsonl")
        request.overrides = ["size": .number(1)]
        request.journalSink = { _ in FullDisk(capacity: 200_000) }
        let gated = try ApprovalFixture.approved(request)
        await #expect {
            try await Paper.run(gated, clock: ContinuousClock(), wallTime: "2026-01-01T00:00:00Z", log: { _ in })
        } throws: { error in
            guard let error = error as? ConfigError else { return false }
            return error.code == .unwritable && error.message.hasPrefix("the session stopped after bar ") && error.message.contains("No space left on device")
                && error.hint?.contains("the disk is full") == true
        }
        #expect(SessionLock.running(in: SessionLock.directory(stateDirectory: project.stateDirectory)).isEmpty, "the session lock is released")
    }

    @Test("breaker state that cannot be written ends the session cleanly; the journal records why and replays identically")
    func stateUnwritable() async throws {
        let project = try TestProject.make("state-unwritable")
        // A directory where the state file's temporary copy must go: every save fails (root or not).
        try FileManager.default.createDirectory(atPath: project.stateDirectory + "/guardrails-sma_cross.json.partial", withIntermediateDirectories: true)
        let journal = Paths.scratch("state-unwritable") + "/s.jsonl"
        var request = PaperRequest(project: project, strategyPath: Paths.repo("strategies/sma_cross.lua"), feedPath: Self.bars, symbol: "REF", journalPath: journal)
        request.overrides = ["size": .number(1)]
        let gated = try ApprovalFixture.approved(request)
        await #expect {
            try await Paper.run(gated, clock: ContinuousClock(), wallTime: "2026-01-01T00:00:00Z", log: { _ in })
        } throws: { error in
            "\(error)".contains("the session stopped after bar") && "\(error)".contains("cannot write breaker state")
        }
        let end = try #require(try String(contentsOfFile: journal, encoding: .utf8).split(separator: "\n").last)
        #expect(end.contains("\"reason\":\"write failed: cannot write breaker state"), "\(end)")
        #expect(try Replay.run(journalPath: journal, log: { _ in }).matches)
    }

    static let canMount: Bool = {
        guard getuid() == 0 else { return false }
        let probe = Paths.scratch("mount-probe")
        let mounted = shell("mount -t tmpfs -o size=64k tmpfs '\(probe)'") == 0
        if mounted { _ = shell("umount '\(probe)'") }
        return mounted
    }()

    @discardableResult
    static func shell(_ command: String) -> Int32 {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/bin/sh")
        process.arguments = ["-c", command + " >/dev/null 2>&1"]
        guard (try? process.run()) != nil else { return -1 }
        process.waitUntilExit()
        return process.terminationStatus
    }

    @Test("paper on a real full disk (a 64 KiB tmpfs) exits 1 with a clear message and a replayable journal", .enabled(if: DataSafetyTests.canMount, "needs root to mount a tmpfs"))
    func diskFullTmpfs() throws {
        let (project, strategy) = try OperatorSafetyTests.project()
        let disk = Paths.scratch("tmpfs")
        try #require(Self.shell("mount -t tmpfs -o size=64k tmpfs '\(disk)'") == 0)
        defer { Self.shell("umount '\(disk)'") }
        let journal = disk + "/session.jsonl"
        let outcome = try SparkCLI.run(OperatorSafetyTests.paperArguments(strategy: strategy, journal: journal, speed: "max"), in: project.root)
        #expect(outcome.status == 1, "an exit, not a trap: \(outcome.stderr)")
        #expect(outcome.stderr.contains("the session stopped after bar"), "\(outcome.stderr)")
        #expect(outcome.stderr.contains("No space left on device"), "\(outcome.stderr)")
        let replay = try SparkCLI.run(["replay", journal], in: Paths.scratch("anywhere"))
        #expect(replay.status == 0, "\(replay.stdout)\(replay.stderr)")
    }
}
