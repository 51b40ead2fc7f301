import Foundation
import Testing
@testable import Drivers
import Engine
import Session
import SparkCore

/// A live feed stand-in: the fixture's bars, each "received" a second after it closed.
actor FixtureLiveFeed: PaperBarFeed {
    private var bars: [Bar]

    init(path: String) throws {
        let source = try CSVBarSource(path: path, id: SymbolID(0), from: nil, to: nil, strict: false, skipBadRows: true, flag: nil)
        var bars: [Bar] = []
        while case .bar(let bar) = try source.next() { bars.append(bar) }
        self.bars = bars.reversed()
    }

    func next() async throws -> PaperFeedBar? {
        guard let bar = bars.popLast() else { return nil }
        return PaperFeedBar(bar: bar, receivedAt: bar.time + 61_000)
    }
}

@Suite("Paper on a live feed")
struct LivePaperFeedTests {
    @Test("a session on a live feed journals it as live with each bar's receive time, and its replay ignores the receive time")
    func liveFeedJournalReplays() async throws {
        let journal = Paths.scratch("paper-live") + "/session.jsonl"
        var request = PaperRequest(project: try TestProject.make(), strategyPath: Paths.repo("strategies/sma_cross.lua"), feedPath: "binance:REF", symbol: "REF", journalPath: journal)
        request.overrides = ["size": .number(1)]
        request.liveFeed = try FixtureLiveFeed(path: Paths.fixture("sma_reference_bars.csv"))
        request.feed = .exchange("binance:REF")
        request.speed = 1
        let summary = try await Paper.run(try ApprovalFixture.approved(request), clock: ContinuousClock(), wallTime: "2026-01-01T00:00:00Z", log: { _ in })
        #expect(summary.bars > 10 && summary.decisions > 10)
        let lines = try String(contentsOfFile: journal, encoding: .utf8).split(separator: "\n")
        let header = try #require(lines.first)
        #expect(header.contains("\"feed_kind\":\"binance:REF\"") && header.contains("\"feed_live\":true") && header.contains("\"speed\":1"))
        let bars = lines.filter { $0.contains("\"type\":\"bar\"") }
        #expect(bars.count == summary.bars)
        #expect(bars.allSatisfy { $0.contains("\"received_at\":") })
        let outcome = try Replay.run(journalPath: journal, log: { _ in })
        #expect(outcome.matches, "\(String(describing: outcome.firstMismatch))")
        #expect(outcome.decisions == summary.decisions)
    }
}
