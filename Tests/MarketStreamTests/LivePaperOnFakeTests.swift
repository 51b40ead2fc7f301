import Approvals
import Drivers
import Engine
import FakeBinance
import Foundation
import LuaRuntime
import SparkCore
import Session
import SparkConfig
import Testing
import Workflow
@testable import MarketStream

/// Paper's feed on the stream client: closed bars as the session's bars, with their receive times.
actor StreamPaperFeed: PaperBarFeed {
    private let source: LiveBarSource
    private var remaining: Int

    init(source: LiveBarSource, bars: Int) {
        (self.source, remaining) = (source, bars)
    }

    func next() async throws -> PaperFeedBar? {
        guard remaining > 0 else {
            await source.stop()
            return nil
        }
        remaining -= 1
        return await source.next().map { PaperFeedBar(bar: $0.bar, receivedAt: $0.receivedAt) }
    }
}

@Suite(.serialized) struct LivePaperOnFakeTests {
    static let repo = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent().path
    static let proposedAt = Date(timeIntervalSince1970: 1_767_225_600 - 86_400)

    /// A fresh project whose paper approval covers sma_cross with `overrides` on BTCUSDT.
    static func approvedProject(overrides: [String: ParamValue]) throws -> Project {
        let root = NSTemporaryDirectory() + "spark-live-paper-\(UUID().uuidString)"
        try FileManager.default.createDirectory(atPath: root, withIntermediateDirectories: true)
        try FileManager.default.copyItem(atPath: repo + "/policies", toPath: root + "/policies")
        try "spark: 1\nname: test\n".write(toFile: root + "/spark.yaml", atomically: true, encoding: .utf8)
        let project = try Project(root: root)
        let workflow = ParamsWorkflow(
            approvalsDirectory: project.approvalsDirectory, policiesDirectory: project.policiesDirectory, strategiesDirectory: repo + "/strategies",
            stateDirectory: project.stateDirectory
        )
        let keys = root + "/keys"
        let alice = try SigningKey.load(try workflow.store.createKey(owner: "alice", roles: ["quant"], keyDirectory: keys, now: proposedAt).privateKeyPath, directory: keys)
        let bob = try SigningKey.load(try workflow.store.createKey(owner: "bob", roles: ["quant"], keyDirectory: keys, now: proposedAt).privateKeyPath, directory: keys)
        let setup = try RunSetup.prepare(
            strategyPath: repo + "/strategies/sma_cross.lua", paramsPath: nil, overrides: overrides, symbol: "BTCUSDT", instrumentsPath: nil, limits: LuaLimits(), seed: 1
        )
        let policy = try workflow.policy()
        let statement = try workflow.store.propose(
            ApprovalStore.Draft(
                target: .params, subject: setup.strategy.schema.name, environment: .paper, baseHash: "none", newHash: setup.paramsSHA256,
                strategyHash: setup.strategySHA256, symbols: ["BTCUSDT"], file: "--set", reason: "loopback test", details: ""
            ),
            key: alice, policy: policy, now: proposedAt
        )
        _ = try workflow.store.approve(statement.proposal, key: bob, policy: policy, now: proposedAt)
        return project
    }

    @Test func aRealTimePaperSessionOnTheFakesFeedReplaysExactly() async throws {
        let overrides: [String: ParamValue] = ["size": .number(0.01), "fast": .number(2), "slow": .number(3)]
        let project = try Self.approvedProject(overrides: overrides)
        let feed = try await FakeFeed(collect: false)
        let bars = 8
        let journal = project.root + "/live.jsonl"
        var request = PaperRequest(project: project, strategyPath: Self.repo + "/strategies/sma_cross.lua", feedPath: "binance:BTCUSDT", symbol: "BTCUSDT", journalPath: journal)
        request.overrides = overrides
        request.feed = FeedKind.exchange("binance:BTCUSDT")
        request.speed = 1
        request.liveFeed = StreamPaperFeed(source: LiveBarSource(client: feed.client), bars: bars)
        let market = Task {
            try await feed.waitSubscribed()
            for index in 0..<bars { await feed.bar(Int64(index), close: Decimal(30_000 + (index % 3 == 0 ? -60 : 70) * index)) }
        }
        let summary = try await Paper.run(request, clock: ContinuousClock(), wallTime: "2026-01-01T00:00:00Z", log: { _ in })
        try await market.value
        await feed.finish()
        #expect(summary.bars == bars)
        let lines = try String(contentsOfFile: journal, encoding: .utf8).split(separator: "\n")
        #expect(lines.first?.contains("\"feed_kind\":\"binance:BTCUSDT\"") == true && lines.first?.contains("\"feed_live\":true") == true)
        #expect(lines.filter { $0.contains("\"type\":\"bar\"") && $0.contains("\"received_at\":") }.count == bars)
        let outcome = try Replay.run(journalPath: journal, log: { _ in })
        #expect(outcome.matches, "\(String(describing: outcome.firstMismatch))")
        #expect(outcome.decisions == summary.decisions && outcome.bars == bars)
    }
}
