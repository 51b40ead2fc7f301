import Foundation

/// run.json: what an evidence directory is a record of, and how to produce it again.
public struct EvidenceRecord: Codable, Sendable, Equatable {
    /// A hashed input file, at the path the run read it from.
    public struct Input: Codable, Sendable, Equatable {
        public var role: String
        public var path: String
        /// SHA-256 of the file's bytes; for policies, of their canonical form (what the run enforced).
        public var sha256: String
        /// Where the evidence keeps a copy, relative to its directory; nil when not copied.
        public var copy: String?
    }

    /// The bars of one symbol and period, named by content.
    public struct Series: Codable, Sendable, Equatable {
        public var symbol: String
        public var interval: String
        public var period: String
        public var source: String
        public var first: String?
        public var last: String?
        public var bars: Int
        public var sha256: String
    }

    /// How the run was made; enough to make it again.
    public struct Recipe: Codable, Sendable, Equatable {
        /// For backtests: the request, field by field.
        public var backtest: BacktestRecipe?
        /// For sweeps and walk-forward runs: the spec's copy inside the evidence directory.
        public var spec: String?
    }

    public var format = EvidenceRecord.currentFormat
    /// The evidence format this build writes and verifies: 2 has self-contained decision records,
    /// versioned report.json and decisions.jsonl, and run ids over the full fill model.
    public static let currentFormat = 2
    /// `backtest`, `sweep` or `walk_forward`.
    public var kind: String
    /// UTC timestamp plus a random suffix: unique per run, unlike the input-derived backtest run id.
    public var evidenceID: String
    public var createdAt: String
    public var inputs: [Input]
    public var series: [Series]
    /// Files a re-run must reproduce byte for byte (relative paths). Charts, HTML and timing are
    /// hashed in the manifest but not compared: they carry wall time or renderer details.
    public var reproducible: [String]
    public var recipe: Recipe

    enum CodingKeys: String, CodingKey {
        case format, kind, evidenceID = "evidence_id", createdAt = "created_at", inputs, series, reproducible, recipe
    }

    func encoded() -> Data {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .prettyPrinted, .withoutEscapingSlashes]
        return (try? encoder.encode(self)) ?? Data()
    }

    static func read(directory: String) throws(EvidenceError) -> EvidenceRecord {
        let path = "\(directory)/run.json"
        guard let data = FileManager.default.contents(atPath: path) else {
            throw EvidenceError(.unreadable, "run.json is missing", file: path, hint: "point at a directory written by spark backtest --out, spark sweep or spark walk-forward")
        }
        let record: EvidenceRecord
        do {
            record = try JSONDecoder().decode(EvidenceRecord.self, from: data)
        } catch {
            throw EvidenceError(.unreadable, "run.json is not a Spark evidence record (\(error))", file: path)
        }
        guard record.format == currentFormat else {
            throw EvidenceError(
                .unreadable, "this evidence is format \(record.format); this build writes and verifies format \(currentFormat)", file: path,
                hint: "verify it with the Spark release that wrote it, or re-run the recorded command to make new evidence (README, \"Formats and versions\")"
            )
        }
        return record
    }

    /// A new evidence id: `20261125T134501Z-9f3a1c`, from `time` (ms) and 24 random bits.
    public static func makeID(time: Int64, random: UInt32) -> String {
        let iso = ISOTimeCompact.string(time)
        return "\(iso)-\(String(format: "%06x", random & 0xFF_FFFF))"
    }
}

/// `20261125T134501Z`: the timestamp form of evidence ids (sorts and is safe in file names).
enum ISOTimeCompact {
    static func string(_ milliseconds: Int64) -> String {
        var time = time_t(milliseconds / 1000)
        var parts = tm()
        gmtime_r(&time, &parts)
        return String(format: "%04d%02d%02dT%02d%02d%02dZ", Int(parts.tm_year) + 1900, Int(parts.tm_mon) + 1, Int(parts.tm_mday), Int(parts.tm_hour), Int(parts.tm_min), Int(parts.tm_sec))
    }
}
