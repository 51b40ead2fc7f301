import Foundation
import Testing

/// What `spark live` refuses before it touches an exchange, each with a message that says what to do.
@Suite("spark live refuses bad input and never overwrites a journal")
struct LiveCommandInputTests {
    @Test("bad flags are refused with the flag named", arguments: [
        (["--bars", "0"], "--bars 0: expected at least 1"),
        (["--resume", "/nonexistent/journal.jsonl"], "--resume /nonexistent/journal.jsonl: no such journal"),
    ])
    func badFlags(extra: [String], message: String) async throws {
        let (request, _, _) = try LaunchProject.make()
        let live = try LiveProcess(["--strategy", request.strategyPath, "--symbol", "BTCUSDT"] + extra, project: request.project.root)
        _ = await live.wait(seconds: 30)
        #expect(live.process.terminationStatus != 0)
        #expect(live.output.contains(message), "\(live.output)")
    }

    @Test("an existing journal path is refused and left byte for byte as it was")
    func existingJournal() async throws {
        let fake = try await LiveEndToEndTests.fake()
        defer { Task { await fake.stop() } }
        let (request, _) = try LiveEndToEndTests.launch(strategy: LiveEndToEndTests.buyOnce, fake: fake)
        let journal = request.project.root + "/kept.jsonl"
        let original = Data("{\"a user's\":\"journal\"}\n".utf8)
        try original.write(to: URL(fileURLWithPath: journal))
        let live = try LiveProcess(
            ["--strategy", request.strategyPath, "--symbol", "BTCUSDT", "--bars", "1", "--journal", journal, "--db", request.project.root + "/bars.db"],
            project: request.project.root, environment: ["SPARK_LIVE_CREDENTIALS": request.credentialsPath!]
        )
        _ = await live.wait(seconds: 60)
        #expect(live.process.terminationStatus != 0, "\(live.output)")
        #expect(FileManager.default.contents(atPath: journal) == original)
    }

    @Test("without a credentials file anywhere, spark live says where to name one")
    func noCredentials() async throws {
        let (request, _, _) = try LaunchProject.make()
        let live = try LiveProcess(["--strategy", request.strategyPath, "--symbol", "BTCUSDT", "--bars", "1"], project: request.project.root)
        _ = await live.wait(seconds: 30)
        #expect(live.process.terminationStatus != 0)
        let output = live.output
        #expect(output.contains("no live credentials file") && output.contains("SPARK_LIVE_CREDENTIALS"), "\(output)")
    }
}
