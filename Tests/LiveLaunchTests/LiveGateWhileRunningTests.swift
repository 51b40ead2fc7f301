import Foundation
import Testing
import FakeBinance
import Live
import Workflow
@testable import LiveLaunch

/// Bars from a list, with an action run before each (an operator editing a file mid-session).
final class ScriptedBars: LiveBarSource, @unchecked Sendable {
    private var steps: [(LiveBar, @Sendable () async throws -> Void)]
    private let fake: FakeBinanceServer
    private let lock = NSLock()

    init(fake: FakeBinanceServer, steps: [(close: Double, before: @Sendable () async throws -> Void)]) {
        self.fake = fake
        // Bars of the last minutes: the stale-data breaker compares them with the exchange's clock.
        let start = (Int64(Date().timeIntervalSince1970 * 1000) / 60_000 - 1) * 60_000
        self.steps = steps.enumerated().map { index, step in
            (LiveBar(time: start + Int64(index) * 60_000, open: step.close, high: step.close, low: step.close, close: step.close, volume: 1), step.before)
        }
    }

    func next() async throws -> LiveBar? {
        guard let (bar, before) = lock.withLock({ steps.isEmpty ? nil : steps.removeFirst() }) else { return nil }
        try await before()
        // The operator feed polls every 200 ms: give it a turn to see what `before` changed.
        try await Task.sleep(for: .milliseconds(700))
        await fake.setPrice(Decimal(bar.close))
        return bar
    }
}

@Suite("The gate while spark live runs", .serialized)
struct LiveGateWhileRunningTests {
    static let buyEachBar = """
    strategy = { name = "buy_each_bar", params = {} }
    function on_bar(ctx, bar) ctx:buy{ qty = 0.001 } end
    """

    @Test("an unapproved policy edit mid-session is refused: journaled, audited, and orders keep flowing under the version in force")
    func unapprovedEditRefused() async throws {
        let fake = try await LiveEndToEndTests.fake()
        defer { Task { await fake.stop() } }
        let (request, _) = try LiveEndToEndTests.launch(strategy: Self.buyEachBar, fake: fake)
        let approval = request.project.policiesDirectory + "/approval.yaml"
        let edit: @Sendable () throws -> Void = {
            let text = try String(contentsOfFile: approval, encoding: .utf8)
            try (text + "# loosened by someone\n").write(toFile: approval, atomically: true, encoding: .utf8)
        }
        let bars = ScriptedBars(fake: fake, steps: [(30_000, {}), (30_010, edit), (30_020, {})])
        let launch = try LiveLaunch.prepare(request, environment: [:], now: Date())
        let status = try await launch.run(gateway: launch.gateway(), bars: bars, log: { _ in })
        #expect(status.killLevel == 0, "a refused edit does not stop a session whose approval stands: \(String(describing: status.killReason))")
        #expect(status.bookedTrades.count == 3)
        let journal = try String(contentsOfFile: request.journalPath, encoding: .utf8)
        #expect(journal.contains("policy change refused: approval.yaml"), "the refusal is journaled")
        let runtime = try String(contentsOfFile: request.project.stateDirectory + "/runtime.log", encoding: .utf8)
        #expect(runtime.contains("live.policy_refused"), "the refusal is audited")
    }

    @Test("a live approval revoked mid-session engages kill level 1 on the gate's behalf: journaled and audited")
    func revokedApprovalBlocks() async throws {
        let fake = try await LiveEndToEndTests.fake()
        defer { Task { await fake.stop() } }
        let (request, desk) = try LiveEndToEndTests.launchWithDesk(strategy: Self.buyEachBar, fake: fake)
        let (store, key) = (desk.workflow.store, desk.risk[0].id)
        let revoke: @Sendable () throws -> Void = {
            _ = try store.revokeKey(key, reason: "key lost", actor: "ravi", now: Date())
        }
        let bars = ScriptedBars(fake: fake, steps: [(30_000, {}), (30_010, revoke), (30_020, {})])
        let launch = try LiveLaunch.prepare(request, environment: [:], now: Date())
        let status = try await launch.run(gateway: launch.gateway(), bars: bars, log: { _ in })
        #expect(status.killLevel == 1, "\(status)")
        #expect(status.killReason?.contains("approval lapsed") == true, "\(String(describing: status.killReason))")
        #expect(status.bookedTrades.count < 3, "no new order after the lapse")
        let journal = try String(contentsOfFile: request.journalPath, encoding: .utf8)
        #expect(journal.contains("approval lapsed"))
        let runtime = try String(contentsOfFile: request.project.stateDirectory + "/runtime.log", encoding: .utf8)
        #expect(runtime.contains("live.approval_lapsed"))
    }

    static let sizedBuy = """
    strategy = { name = "sized_buy", params = { size = { type = "number", min = 0.00001, default = 0.001 } } }
    function on_bar(ctx, bar) ctx:buy{ qty = ctx.params.size } end
    """

    /// Waits up to 20 s for `text` to appear in the file at `path`.
    static func waitFor(_ text: String, in path: String) async {
        let deadline = Date().addingTimeInterval(20)
        while Date() < deadline, !((try? String(contentsOfFile: path, encoding: .utf8))?.contains(text) ?? false) {
            try? await Task.sleep(for: .milliseconds(50))
        }
    }

    /// The desk, for a step that runs on the bar source's task.
    final class DeskBox: @unchecked Sendable {
        let desk: LiveDesk
        init(_ desk: LiveDesk) { self.desk = desk }
    }

    @Test("a newer live approval of other params supersedes the running one: kill level 1, journaled and audited; approving the running params anew releases it")
    func supersededApprovalBlocksThenStandsAgain() async throws {
        let fake = try await LiveEndToEndTests.fake()
        defer { Task { await fake.stop() } }
        let (request, desk) = try LiveEndToEndTests.launchWithDesk(strategy: Self.sizedBuy, fake: fake)
        let box = DeskBox(desk), strategy = request.strategyPath, policy = request.project.policiesDirectory + "/default.yaml"
        let bigger = request.project.root + "/bigger.yaml"
        try "strategy: sized_buy\nvalues:\n  size: 0.002\n".write(toFile: bigger, atomically: true, encoding: .utf8)
        let runtimeLog = request.project.stateDirectory + "/runtime.log"
        // Each step waits until the gate's answer is in the runtime log, so the bar after it meets the session's new state.
        let supersede: @Sendable () async throws -> Void = {
            try box.desk.approveForLive(strategyPath: strategy, paramsPath: bigger, symbol: "BTCUSDT", guardrailPolicy: policy, now: Date().addingTimeInterval(-2))
            await Self.waitFor("live.approval_lapsed", in: runtimeLog)
        }
        let reapprove: @Sendable () async throws -> Void = {
            try box.desk.approveForLive(strategyPath: strategy, paramsPath: nil, symbol: "BTCUSDT", guardrailPolicy: policy, now: Date().addingTimeInterval(-1))
            await Self.waitFor("live.approval_restored", in: runtimeLog)
        }
        let bars = ScriptedBars(fake: fake, steps: [(30_000, {}), (30_010, supersede), (30_020, {}), (30_030, reapprove), (30_040, {})])
        let launch = try LiveLaunch.prepare(request, environment: [:], now: Date())
        let status = try await launch.run(gateway: launch.gateway(), bars: bars, log: { _ in })
        #expect(status.bookedTrades.count == 3, "bars 1, 4 and 5 buy; bars 2 and 3 run under a superseded approval: \(status.bookedTrades.count)")
        #expect(status.killLevel == 0, "released once the running params stand again: \(String(describing: status.killReason))")
        let journal = try String(contentsOfFile: request.journalPath, encoding: .utf8)
        #expect(journal.contains("approval lapsed") && journal.contains("superseded"), "the lapse and its reason are journaled")
        #expect(journal.contains("approval stands again"), "the release is journaled")
        let runtime = try String(contentsOfFile: request.project.stateDirectory + "/runtime.log", encoding: .utf8)
        #expect(runtime.contains("live.approval_lapsed") && runtime.contains("superseded"))
        #expect(runtime.contains("live.approval_restored"))
        #expect(await fake.state().orders.allSatisfy { $0.origQty == Decimal(string: "0.001")! }, "the superseding params never ran")
    }
}
