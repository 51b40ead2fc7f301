import Foundation
import Testing
import FakeBinance
import Live
@testable import LiveLaunch

/// `spark live` starts only with exactly what the live quorum approved: the strategy's bytes, the
/// params, and the guardrail policy the session loads. Each refusal comes before any order reaches
/// the exchange.
@Suite("spark live refuses to start without a live approval of what it would run", .serialized)
struct LiveStartGateTests {
    static let sizedBuy = """
    strategy = { name = "sized_buy", params = { size = { type = "number", min = 0.00001, default = 0.001 } } }
    function on_bar(ctx, bar) ctx:buy{ qty = ctx.params.size } end
    """

    /// Prepares and runs `request` against `fake` for two bars; the error it stopped with, or nil.
    static func start(_ request: LiveLaunchRequest, fake: FakeBinanceServer) async -> String? {
        do {
            let launch = try LiveLaunch.prepare(request, environment: [:], now: Date())
            _ = try await launch.run(gateway: launch.gateway(), bars: ListBars(closes: [30_000, 30_010], fake: fake), log: { _ in })
            return nil
        } catch {
            return "\(error)"
        }
    }

    static func newOrderRequests(_ fake: FakeBinanceServer) async -> Int {
        await fake.state().requests.filter { $0.method == "POST" && $0.path.hasPrefix("/api/v3/order") }.count
    }

    /// `request` is refused with a message that says `expected`, and no order reached `fake`.
    static func expectRefused(
        _ request: LiveLaunchRequest, fake: FakeBinanceServer, saying expected: String, started: Comment, sourceLocation: SourceLocation = #_sourceLocation
    ) async throws {
        let failure = try #require(await start(request, fake: fake), started, sourceLocation: sourceLocation)
        #expect(failure.contains("live refused") && failure.contains(expected), "\(failure)", sourceLocation: sourceLocation)
        #expect(await newOrderRequests(fake) == 0, sourceLocation: sourceLocation)
    }

    @Test("what the desk approved starts and trades: the control for the refusals below")
    func approvedStarts() async throws {
        let fake = try await LiveEndToEndTests.fake()
        defer { Task { await fake.stop() } }
        let (request, _) = try LiveEndToEndTests.launch(strategy: Self.sizedBuy, fake: fake)
        let failure = await Self.start(request, fake: fake)
        #expect(failure == nil, "\(failure ?? "")")
        #expect(await Self.newOrderRequests(fake) == 2)
    }

    @Test("a strategy edited after approval, or one never proposed, is refused before any order", arguments: ["edited", "never proposed"])
    func unapprovedStrategyRefused(_ change: String) async throws {
        let fake = try await LiveEndToEndTests.fake()
        defer { Task { await fake.stop() } }
        var (request, _) = try LiveEndToEndTests.launch(strategy: Self.sizedBuy, fake: fake)
        let expected: String
        if change == "edited" {
            try (Self.sizedBuy + "\n-- one more line\n").write(toFile: request.strategyPath, atomically: true, encoding: .utf8)
            expected = "the strategy was edited after approval"
        } else {
            let other = request.project.root + "/strategies/other.lua"
            try Self.sizedBuy.replacingOccurrences(of: "sized_buy", with: "other_buy").write(toFile: other, atomically: true, encoding: .utf8)
            request.strategyPath = other
            expected = "no proposal for strategy other_buy"
        }
        try await Self.expectRefused(request, fake: fake, saying: expected, started: "an unapproved strategy started")
    }

    @Test("params other than the approved ones are refused before any order")
    func unapprovedParamsRefused() async throws {
        let fake = try await LiveEndToEndTests.fake()
        defer { Task { await fake.stop() } }
        var (request, _) = try LiveEndToEndTests.launch(strategy: Self.sizedBuy, fake: fake)
        let params = request.project.root + "/bigger.yaml"
        try "strategy: sized_buy\nvalues:\n  size: 0.002\n".write(toFile: params, atomically: true, encoding: .utf8)
        request.paramsPath = params
        try await Self.expectRefused(request, fake: fake, saying: "is not approved", started: "unapproved params started")
    }

    @Test("a guardrail policy the live proposal does not name is refused, even when the file itself is approved")
    func unapprovedGuardrailPolicyRefused() async throws {
        let fake = try await LiveEndToEndTests.fake()
        defer { Task { await fake.stop() } }
        let (launched, desk) = try LiveEndToEndTests.launchWithDesk(strategy: Self.sizedBuy, fake: fake)
        var request = launched
        let policies = request.project.policiesDirectory
        let looser = try String(contentsOfFile: policies + "/default.yaml", encoding: .utf8).replacingOccurrences(of: "limit: 25000,", with: "limit: 90000,")
        try looser.write(toFile: policies + "/looser.yaml", atomically: true, encoding: .utf8)
        try desk.approvePolicies(now: Date().addingTimeInterval(-60))
        request.policyPath = policies + "/looser.yaml"
        try await Self.expectRefused(request, fake: fake, saying: "approves the params under guardrail policy", started: "a policy the live approval does not name started")
    }

    @Test("a guardrail policy edited after approval is refused before any order")
    func editedGuardrailPolicyRefused() async throws {
        let fake = try await LiveEndToEndTests.fake()
        defer { Task { await fake.stop() } }
        let (request, _) = try LiveEndToEndTests.launch(strategy: Self.sizedBuy, fake: fake)
        let path = request.project.policiesDirectory + "/default.yaml"
        try String(contentsOfFile: path, encoding: .utf8).replacingOccurrences(of: "limit: 25000,", with: "limit: 90000,").write(toFile: path, atomically: true, encoding: .utf8)
        try await Self.expectRefused(request, fake: fake, saying: "guardrail policy", started: "an edited guardrail policy started")
    }
}
