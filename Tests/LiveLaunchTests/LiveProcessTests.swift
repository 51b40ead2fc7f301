import Foundation
import Testing
import FakeBinance
import Live

/// `spark live` as a process: it runs, journals and replays; killed at each point of an order's life,
/// it restarts from its journal, reconciles and never places an intent twice.
@Suite("spark live as a process, killed and restarted", .serialized)
struct LiveProcessTests {
    static let buyEachBar = """
    strategy = { name = "buy_each_bar", params = {} }
    local n = 0
    function on_bar(ctx, bar)
      n = n + 1
      if n <= 2 then ctx:buy{ qty = 0.01 } end
    end
    """

    /// Rests a limit buy 50 below the first close, then cancels it on the second bar.
    static let restThenCancel = """
    strategy = { name = "rest_then_cancel", params = {} }
    local n, id = 0, nil
    function on_bar(ctx, bar)
      n = n + 1
      if n == 1 then id = ctx:buy{ qty = 0.01, limit = bar.close - 50 }
      elseif n == 2 and id then ctx:cancel(id) end
    end
    """

    /// Emits the next bar on the fake (its kline closes and its price moves), one per call.
    final class BarDriver: @unchecked Sendable {
        let fake: FakeBinanceServer
        var minute: Int64 = 1_767_225_600_000
        init(fake: FakeBinanceServer) { self.fake = fake }
        func next() async {
            let close = Decimal(30_000 + Int((minute / 60_000) % 7) * 10)
            await fake.bar(open: close, high: close + 5, low: close - 5, close: close, openTime: minute)
            minute += 60_000
        }
    }

    static func sparkOrders(_ fake: FakeBinanceServer) async -> [FakeOrder] {
        await fake.state().orders.filter { $0.clientOrderId.hasPrefix("sk1-") }
    }

    @Test("a spark live process trades the fake's bars, exits after --bars, and its journal replays")
    func runsAndReplays() async throws {
        let fake = try await LiveEndToEndTests.fake()
        defer { Task { await fake.stop() } }
        let (request, _) = try LiveEndToEndTests.launch(strategy: Self.buyEachBar, fake: fake)
        let root = request.project.root
        let live = try LiveProcess(["--strategy", request.strategyPath, "--symbol", "BTCUSDT", "--bars", "3", "--journal", root + "/j1.jsonl", "--db", root + "/bars.db"], project: root, environment: ["SPARK_LIVE_CREDENTIALS": request.credentialsPath!])
        let driver = BarDriver(fake: fake)
        let ended = await live.wait(seconds: 90) { await driver.next() }
        #expect(ended, "spark live did not end: \(live.output)")
        #expect(live.process.terminationStatus == 0, "\(live.output)")
        #expect(await Self.sparkOrders(fake).count == 2, "\(live.output)")
        #expect(LiveReplay.isLiveJournal(root + "/j1.jsonl"))
        #expect(try LiveReplay.run(journal: root + "/j1.jsonl").matches)
        #expect(!live.output.contains(LaunchProject.secret))
        // Every file the session wrote: journal, runtime and audit logs, state, the bar store, its output.
        let files = FileManager.default.enumerator(atPath: root)?.compactMap { $0 as? String } ?? []
        var searched = 0
        for file in files {
            guard let data = FileManager.default.contents(atPath: root + "/" + file) else { continue }
            searched += 1
            #expect(data.range(of: Data(LaunchProject.secret.utf8)) == nil, "\(file) holds the API secret")
        }
        #expect(searched > 10)
    }

    /// The client ids of the place intents a journal holds, in order.
    static func placeIntents(_ journal: String) throws -> [String] {
        try String(contentsOfFile: journal, encoding: .utf8).split(separator: "\n").compactMap { line in
            guard let record = try JSONSerialization.jsonObject(with: Data(line.utf8)) as? [String: Any], record["type"] as? String == "intent",
                let intent = record["intent"] as? [String: Any], intent["action"] as? String == "place" else { return nil }
            return intent["clientID"] as? String
        }
    }

    /// The count on the report's `fills booked: N` line.
    static func fillsBooked(_ output: String) -> Int? {
        let line = output.split(separator: "\n").first { $0.hasPrefix("fills booked: ") }
        return line.flatMap { Int($0.dropFirst("fills booked: ".count).prefix { $0.isNumber }) }
    }

    /// New-order requests the fake received for `clientID`.
    static func placeRequests(_ fake: FakeBinanceServer, _ clientID: String) async -> Int {
        await fake.state().requests.filter { $0.method == "POST" && $0.clientOrderId == clientID }.count
    }

    @Test("killed at each point of an order's life, a restart reconciles: one venue order per intent, fills booked once", arguments: ["after_intent_fsync", "after_send", "after_response"])
    func killedAndRestarted(point: String) async throws {
        let fake = try await LiveEndToEndTests.fake()
        defer { Task { await fake.stop() } }
        let (request, _) = try LiveEndToEndTests.launch(strategy: Self.buyEachBar, fake: fake)
        let root = request.project.root, credentials = ["SPARK_LIVE_CREDENTIALS": request.credentialsPath!]
        let base = ["--strategy", request.strategyPath, "--symbol", "BTCUSDT", "--db", root + "/bars.db"]
        let driver = BarDriver(fake: fake)
        let first = try LiveProcess(base + ["--bars", "3", "--journal", root + "/j1.jsonl"], project: root, environment: credentials.merging(["SPARK_CRASHPOINT": point]) { $1 })
        _ = await first.wait(seconds: 90) { await driver.next() }
        // Where it died: the crash point's own line, and what the exchange holds of the intent it died on.
        #expect(first.wasKilled, "the process should have died at \(point): \(first.output)")
        #expect(first.output.contains(CrashPoint.marker(point)), "\(first.output)")
        let intents = try Self.placeIntents(root + "/j1.jsonl")
        let killedOn = try #require(intents.last, "the first session journaled no intent")
        #expect(intents.count == 1, "the first session died on its first order: \(intents)")
        let reached = await Self.placeRequests(fake, killedOn)
        #expect(reached == (point == "after_intent_fsync" ? 0 : 1), "after \(point) the exchange received the order \(reached) time(s)")
        #expect(await fake.state().orders(clientOrderId: killedOn).count == (point == "after_intent_fsync" ? 0 : 1))

        let second = try LiveProcess(base + ["--bars", "2", "--journal", root + "/j2.jsonl", "--resume", root + "/j1.jsonl"], project: root, environment: credentials)
        let ended = await second.wait(seconds: 90) { await driver.next() }
        #expect(ended && second.process.terminationStatus == 0, "\(second.output)")
        #expect(!second.output.contains("spark: crash point"))
        // Never sent twice: an intent that did not reach the exchange is not resent by the restart either.
        #expect(await Self.placeRequests(fake, killedOn) == reached, "the restart resent \(killedOn)")
        let orders = await Self.sparkOrders(fake)
        #expect(Set(orders.map(\.clientOrderId)).count == orders.count, "one venue order per client id: \(orders.map(\.clientOrderId))")
        // The intent it died on is on the exchange as often as it reached it; besides it, at most the
        // second session's own decision (a breaker, e.g. clock skew under load, may deny that one).
        #expect(orders.filter { $0.clientOrderId == killedOn }.count == reached, "\(orders.map(\.clientOrderId))")
        #expect(orders.filter { $0.clientOrderId != killedOn }.count <= 1, "\(orders.map(\.clientOrderId))")
        let journaled = try Self.placeIntents(root + "/j1.jsonl") + Self.placeIntents(root + "/j2.jsonl")
        for order in orders { #expect(journaled.contains(order.clientOrderId), "order \(order.clientOrderId) has no journaled intent") }
        // No order lost: the restart knows the one it died on, by its client id.
        #expect(try String(contentsOfFile: root + "/j2.jsonl", encoding: .utf8).contains(killedOn), "the restart lost \(killedOn)")
        let trades = await fake.state().trades.filter { trade in orders.contains { $0.orderId == trade.orderId } }
        #expect(Set(trades.map(\.id)).count == trades.count)
        let replay = try LiveReplay.run(journal: root + "/j2.jsonl")
        #expect(replay.matches, "\(String(describing: replay.firstMismatch))")
        #expect(Self.fillsBooked(second.output) == trades.count, "Spark's fills equal the venue's: \(trades.count) on the fake\n\(second.output)")
    }

    @Test("killed mid-cancel, once the exchange cancelled the order or filled it as the cancel arrived, a restart books what happened once and leaves nothing open", arguments: [false, true])
    func killedMidCancel(raceFill: Bool) async throws {
        let fake = try await LiveEndToEndTests.fake()
        defer { Task { await fake.stop() } }
        let (request, _) = try LiveEndToEndTests.launch(strategy: Self.restThenCancel, fake: fake)
        let root = request.project.root, credentials = ["SPARK_LIVE_CREDENTIALS": request.credentialsPath!]
        let base = ["--strategy", request.strategyPath, "--symbol", "BTCUSDT", "--db", root + "/bars.db"]
        if raceFill { await fake.inject([FakeFault(.cancelRace)]) }
        let driver = BarDriver(fake: fake)
        let first = try LiveProcess(base + ["--bars", "3", "--journal", root + "/j1.jsonl"], project: root, environment: credentials.merging(["SPARK_CRASHPOINT": "mid_cancel"]) { $1 })
        _ = await first.wait(seconds: 90) { await driver.next() }
        #expect(first.wasKilled, "the process should have died mid-cancel: \(first.output)")
        #expect(first.output.contains(CrashPoint.marker("mid_cancel")), "\(first.output)")
        // The cancel reached the exchange, which answered it: cancelled, or -2011 because it had just filled.
        let cancels = await fake.state().requests.filter { $0.method == "DELETE" && $0.path == "/api/v3/order" }
        #expect(cancels.count == 1 && cancels.first?.answeredStatus == (raceFill ? 400 : 200), "\(cancels)")
        let atKill = await Self.sparkOrders(fake)
        #expect(atKill.map(\.status) == [raceFill ? "FILLED" : "CANCELED"], "\(atKill.map { "\($0.clientOrderId) \($0.status)" })")
        let second = try LiveProcess(base + ["--bars", "1", "--journal", root + "/j2.jsonl", "--resume", root + "/j1.jsonl"], project: root, environment: credentials)
        let ended = await second.wait(seconds: 90) { await driver.next() }
        #expect(ended && second.process.terminationStatus == 0, "\(second.output)")
        let orders = await Self.sparkOrders(fake)
        #expect(orders.count == 1 && orders.allSatisfy { !$0.isOpen }, "\(orders.map { "\($0.clientOrderId) \($0.status)" })")
        #expect(await fake.state().requests.filter { $0.method == "DELETE" }.count == 1, "the restart does not cancel again")
        let trades = await fake.state().trades.filter { trade in orders.contains { $0.orderId == trade.orderId } }
        #expect(trades.isEmpty != raceFill)
        #expect(Self.fillsBooked(second.output) == trades.count, "\(second.output)")
        #expect(second.output.contains(raceFill ? "FILLED 1" : "CANCELED 1"), "\(second.output)")
        #expect(!second.output.contains("still working"), "\(second.output)")
        #expect(try LiveReplay.run(journal: root + "/j2.jsonl").matches)
    }
}
