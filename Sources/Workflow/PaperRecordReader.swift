import Foundation
import Approvals
import Audit
import Drivers

/// Builds the paper record of one exact param set, strategy and guardrail policy from the sessions
/// the runtime log recorded.
///
/// A session counts only when the runtime log names its journal by hash (a `paper.session` entry
/// written when it ended), the journal still has that hash, its header says the feed was a live
/// market feed paced in real time, it ran exactly the params, strategy and guardrail policy asked
/// about, and it replays identically. Its span is the wall-clock time between the first and the
/// last bar it received (not bar times), so recorded files at any speed, replays and max-speed
/// runs never count.
enum PaperRecordReader {
    static func read(
        runtime: AuditLog, paramsHash: String, strategyHash: String, guardrailPolicy: String, log: @escaping (String) -> Void
    ) throws -> PaperRecord {
        var record = PaperRecord(paramsHash: paramsHash, strategyHash: strategyHash, sessions: 0, days: 0, trades: 0, maxDrawdown: 0)
        for entry in try runtime.verify() where entry.kind == "paper.session" {
            let details = entry.details
            guard details["params"] == paramsHash, details["strategy"] == strategyHash, let path = details["journal"] else { continue }
            let name = "\(path) (runtime log entry \(entry.sequence))"
            guard details["guardrail_policy"] == guardrailPolicy else {
                log("\(name): not counted (it ran guardrail policy \(details["guardrail_policy"]?.prefix(12) ?? "?"), the proposal names \(guardrailPolicy.prefix(12)))")
                continue
            }
            guard let data = FileManager.default.contents(atPath: path), CanonicalJSON.sha256Hex(data) == details["journal_sha256"] else {
                log("\(name): not counted (the journal is missing or no longer has the hash the runtime log recorded)")
                continue
            }
            let header: JournalHeader
            do {
                header = try JournalHeader.read(journal: path)
            } catch {
                log("\(name): not counted (\(error))")
                continue
            }
            guard header.feedIsLive, details["feed_live"] == "true" else {
                log("\(name): not counted (feed \(header.feedKind) is not a live market feed; recorded files never count)")
                continue
            }
            guard header.speed == 1, details["speed"] == "1" else {
                log("\(name): not counted (it ran at \(header.speed.map { "\($0)×" } ?? "max") speed; only real-time sessions count)")
                continue
            }
            guard header.paramsSHA256 == paramsHash, header.strategySHA256 == strategyHash, header.policySHA256 == guardrailPolicy else {
                log("\(name): not counted (its header names other params, strategy or policy than the runtime log)")
                continue
            }
            guard let first = details["first_received"].flatMap(ApprovalTime.parse), let last = details["last_received"].flatMap(ApprovalTime.parse) else { continue }
            guard let outcome = try? Replay.run(journalPath: path, log: { _ in }), outcome.matches else {
                log("\(name): not counted (the journal does not replay, or not identically)")
                continue
            }
            record.sessions += 1
            record.days += max(0, last.timeIntervalSince(first)) / 86_400
            record.trades += outcome.fills
            record.maxDrawdown = max(record.maxDrawdown, outcome.maxDrawdown)
            record.journals.append(details["journal_sha256"]!)
        }
        return record
    }
}
