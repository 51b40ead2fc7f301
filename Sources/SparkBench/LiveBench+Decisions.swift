import Foundation
import Binance
import BinanceNet
import FakeBinance
import Live

extension LiveBench {
    /// What one run of bars measured.
    struct DecisionFigures {
        var decision = Latencies(), intentFsync = Latencies(), decisionLessFsync = Latencies()
        var ack = Latencies(), ackLessFsync = Latencies(), answer = Latencies()
        /// Bars that sent no order; bars applied in another input's turn (no ack sample).
        var missed = 0, queued = 0
    }

    /// `count` bars, one every `intervalMs`, each answered by one market order; then the floor.
    static func decisions(count: Int, intervalMs: Int) async throws {
        let fake = try await fake()
        let directory = try scratch()
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let transport = TimingTransport()
        let sink = try TimingJournalSink(path: directory + "/live.jsonl")
        let session = try await LiveSession.start(
            setup(flip), gateway: gateway(port: fake.port, transport: transport), journalPath: directory + "/live.jsonl", sink: sink,
            log: { note("live bench: \($0)") }
        )
        let figures = await drive(session, bars: bars(count), intervalMs: intervalMs, transport: transport, sink: sink)
        let status = await session.status
        await session.finish(reason: "benchmark done")
        note("live bench: kill level \(status.killLevel) (\(status.killReason ?? "-")), \(figures.missed) bar(s) sent no order, \(figures.queued) applied in another turn")
        let floor = try await httpPostFloor(port: fake.port, count: count, intervalMs: intervalMs)
        let diskFloor = try fsyncFloor(directory: directory, count: count)
        await fake.stop()
        for (label, latencies) in [
            ("decision_to_request", figures.decision), ("intent_fsync", figures.intentFsync), ("minus_fsync", figures.decisionLessFsync),
            ("decision_to_answer", figures.answer), ("ack_to_engine", figures.ack), ("ack_minus_fsync", figures.ackLessFsync),
            ("floor http_post", floor), ("floor fsync", diskFloor),
        ] { note(latencies.describe("live \(label)")) }
        emit("live.decision_to_request.p99_us", figures.decision.micros(99), "us")
        emit("live.intent_fsync.p99_us", figures.intentFsync.micros(99), "us")
        emit("live.floor.fsync.p99_us", diskFloor.micros(99), "us")
        emit("live.decision_to_request_minus_fsync.p99_us", figures.decisionLessFsync.micros(99), "us")
        emit("live.decision_to_answer.p99_us", figures.answer.micros(99), "us")
        emit("live.floor.http_post.p99_us", floor.micros(99), "us")
        emit("live.ack_to_engine.p99_us", figures.ack.micros(99), "us")
        emit("live.ack_to_engine_minus_fsync.p99_us", figures.ackLessFsync.micros(99), "us")
    }

    /// Hands the bars to the session on schedule and reads each bar's stamps.
    static func drive(_ session: LiveSession, bars: [LiveBar], intervalMs: Int, transport: TimingTransport, sink: TimingJournalSink) async -> DecisionFigures {
        var figures = DecisionFigures()
        let interval = UInt64(intervalMs) * 1_000
        _ = transport.take()
        _ = sink.take()
        let start = monotonicNanos()
        for (index, bar) in bars.enumerated() {
            await sleep(until: start + UInt64(index) * interval * 1_000)
            let barIn = monotonicNanos()
            await session.bar(bar)
            let applied = monotonicNanos()
            // A stream event being applied when the bar comes makes `bar` return at once: the bar
            // waits in the session's inbox and that turn applies it. Its request is still timed
            // from when the bar came in; its apply's end is not seen, so it adds no ack sample.
            var stamp = transport.take().first
            let waitUntil = monotonicNanos() + 2_000_000_000
            while stamp == nil, monotonicNanos() < waitUntil {
                try? await Task.sleep(for: .microseconds(100))
                stamp = transport.take().first
            }
            let syncs = sink.take()
            guard let stamp else {
                figures.missed += 1
                continue
            }
            let before = syncs.filter { $0.start >= barIn && $0.end <= stamp.sent }
            let after = syncs.filter { $0.start >= stamp.answered }
            let fsyncBefore = before.reduce(UInt64(0)) { $0 + ($1.end - $1.start) }
            let fsyncAfter = after.reduce(UInt64(0)) { $0 + ($1.end - $1.start) }
            figures.decision.record(from: barIn, to: stamp.sent, expectedInterval: interval)
            if let intent = before.last { figures.intentFsync.record(from: intent.start, to: intent.end) }
            figures.decisionLessFsync.record(from: barIn + fsyncBefore, to: stamp.sent, expectedInterval: interval)
            figures.answer.record(from: barIn, to: stamp.answered, expectedInterval: interval)
            guard applied >= stamp.answered else {
                figures.queued += 1
                continue
            }
            figures.ack.record(from: stamp.answered, to: applied, expectedInterval: interval)
            figures.ackLessFsync.record(from: stamp.answered + fsyncAfter, to: applied, expectedInterval: interval)
        }
        return figures
    }
}
