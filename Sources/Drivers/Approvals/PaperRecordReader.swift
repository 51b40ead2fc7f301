import Foundation
import Approvals

/// Builds the paper record of one exact param set from the journals paper sessions wrote.
///
/// Each journal whose header names the strategy source is replayed; only sessions that replay
/// identically count, so an edited journal cannot pad the record.
enum PaperRecordReader {
    static func read(directory: String, paramsHash: String, strategyHash: String, log: @escaping (String) -> Void) -> PaperRecord {
        var record = PaperRecord(paramsHash: paramsHash, strategyHash: strategyHash, sessions: 0, days: 0, trades: 0, maxDrawdown: 0)
        let names = ((try? FileManager.default.contentsOfDirectory(atPath: directory)) ?? []).filter { $0.hasSuffix(".jsonl") }.sorted()
        for name in names {
            let path = "\(directory)/\(name)"
            // The header is the first line; skip sessions of other strategies without replaying them.
            guard let handle = FileHandle(forReadingAtPath: path) else { continue }
            let head = String(decoding: handle.readData(ofLength: 1 << 20), as: UTF8.self)
            try? handle.close()
            guard head.contains("\"strategy_sha256\":\"\(strategyHash)\"") else { continue }
            guard let outcome = try? Replay.run(journalPath: path, log: { _ in }) else {
                log("\(path): skipped (the journal does not read back)")
                continue
            }
            guard outcome.paramsSHA256 == paramsHash else { continue }
            guard outcome.matches else {
                log("\(path): skipped (the journal does not replay identically)")
                continue
            }
            record.sessions += 1
            if let first = outcome.firstTime, let last = outcome.lastTime { record.days += Double(last - first) / 86_400_000 }
            record.trades += outcome.fills
            record.maxDrawdown = max(record.maxDrawdown, outcome.maxDrawdown)
        }
        return record
    }
}
