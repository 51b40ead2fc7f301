import Foundation
import Drivers
import MarketData
import Desk

/// Evidence directories: written whole or not at all, sealed with a manifest, checked by re-running.
public enum Evidence {
    /// Writes into a fresh staging directory beside `directory`, then renames it into place, so a
    /// failed or killed run never leaves a half-written directory that looks like evidence.
    ///
    /// What is already at `directory` is never deleted (``EvidenceTarget``); `forceAt`, the time of a
    /// `--force` run, lets earlier evidence be moved aside as `NAME.replaced-TIME`.
    static func stage<T>(_ directory: String, forceAt: Int64? = nil, log: (String) -> Void = { _ in }, _ body: (_ staging: String) throws -> T) throws -> T {
        try EvidenceTarget.check(directory, force: forceAt != nil)
        let directory = Project.canonical(directory)
        let staging = "\(directory).partial-\(getpid())"
        let manager = FileManager.default
        removeAbandonedStaging(besides: directory)
        try? manager.removeItem(atPath: staging)
        do {
            try manager.createDirectory(atPath: staging, withIntermediateDirectories: true)
        } catch {
            throw ConfigError(.unreadable, "cannot create the evidence directory", file: staging, hint: "check permissions or pick another output directory")
        }
        do {
            let result = try body(staging)
            if let aside = try EvidenceTarget.clear(directory, force: forceAt != nil, time: forceAt ?? 0) {
                log("moved the earlier evidence in \(directory) aside to \(aside)")
            }
            try manager.moveItem(atPath: staging, toPath: directory)
            return result
        } catch {
            try? manager.removeItem(atPath: staging)
            throw error
        }
    }

    /// Removes staging directories beside `directory` left by runs that were killed: a
    /// `NAME.partial-PID` whose process no longer exists. A live PID's directory is left alone,
    /// since it may be another sweep writing next to this one right now.
    static func removeAbandonedStaging(besides directory: String) {
        let parent = (directory as NSString).deletingLastPathComponent
        let folder = parent.isEmpty ? "." : parent
        guard let names = try? FileManager.default.contentsOfDirectory(atPath: folder) else { return }
        for name in names {
            guard let marker = name.range(of: ".partial-", options: .backwards),
                  let pid = Int32(name[marker.upperBound...]), pid > 0, pid != getpid() else { continue }
            if kill(pid, 0) == -1 && errno == ESRCH {
                try? FileManager.default.removeItem(atPath: "\(folder)/\(name)")
            }
        }
    }

    /// Copies an input into `inputs/` and returns its record (hash of the bytes unless `sha256` is given).
    static func input(role: String, path: String, copyAs name: String, into directory: String, sha256: String? = nil) throws -> EvidenceRecord.Input {
        guard let data = FileManager.default.contents(atPath: path) else {
            throw ConfigError(.unreadable, "cannot read the \(role) file", file: path)
        }
        try FileManager.default.createDirectory(atPath: "\(directory)/inputs", withIntermediateDirectories: true)
        try data.write(to: URL(fileURLWithPath: "\(directory)/inputs/\(name)"))
        return EvidenceRecord.Input(role: role, path: path, sha256: sha256 ?? RunSetup.sha256Hex(data), copy: "inputs/\(name)")
    }

    /// Writes a text input's copy (strategy and spec, which the run read once) and its record.
    static func input(role: String, path: String, text: String, copyAs name: String, into directory: String) throws -> EvidenceRecord.Input {
        try FileManager.default.createDirectory(atPath: "\(directory)/inputs", withIntermediateDirectories: true)
        try Data(text.utf8).write(to: URL(fileURLWithPath: "\(directory)/inputs/\(name)"))
        return EvidenceRecord.Input(role: role, path: path, sha256: RunSetup.sha256Hex(text), copy: "inputs/\(name)")
    }

    /// Writes run.json, INDEX.md and then MANIFEST.sha256 over everything in `directory`.
    /// - Parameter finalPath: where the directory will live once renamed into place (named in INDEX.md).
    /// - Parameter hashed: the SHA-256 of files already hashed as they were written, by path.
    static func seal(_ directory: String, record: EvidenceRecord, title: String, finalPath: String, hashed: [String: String] = [:]) throws {
        try record.encoded().write(to: URL(fileURLWithPath: "\(directory)/run.json"))
        try EvidenceIndex.write(directory: directory, record: record, title: title, finalPath: finalPath)
        try EvidenceManifest.write(directory: directory, hashed: hashed)
    }

    static func write(_ text: String, to path: String) throws {
        try FileManager.default.createDirectory(atPath: (path as NSString).deletingLastPathComponent, withIntermediateDirectories: true)
        try Data(text.utf8).write(to: URL(fileURLWithPath: path))
    }

    /// What `spark evidence verify` checked.
    public struct Verification: Sendable {
        public var evidenceID: String
        public var kind: String
        /// Files whose hashes matched the manifest.
        public var hashed: [String]
        /// Files the re-run produced identically.
        public var reproduced: [String]
    }

    /// Checks every hash, then re-runs the recorded work and compares its reproducible artifacts.
    ///
    /// - Throws: ``EvidenceError`` naming the first file that is missing, edited, added or not
    ///   reproduced, or the input that changed since the run.
    public static func verify(_ directory: String, workers: Int = 1, log: (String) -> Void = { _ in }) throws -> Verification {
        let hashed = try EvidenceManifest.check(directory: directory)
        log("manifest: \(hashed.count) files match MANIFEST.sha256")
        let record = try EvidenceRecord.read(directory: directory)
        for input in record.inputs where input.role == "params" || input.role == "policy" || input.role == "instruments" {
            let current: String
            do {
                current = input.role == "policy" ? try PolicyFile.identity(path: input.path) : RunSetup.sha256Hex(FileManager.default.contents(atPath: input.path) ?? Data())
            } catch {
                throw EvidenceError(.inputChanged, "the \(input.role) file can no longer be read: \(error)", file: input.path, hint: input.copy.map { "the run's copy is \(directory)/\($0)" })
            }
            guard current == input.sha256 else {
                throw EvidenceError(.inputChanged, "the \(input.role) file changed since the run (sha256 \(current.prefix(12))…, recorded \(input.sha256.prefix(12))…)", file: input.path, hint: input.copy.map { "restore the run's copy from \(directory)/\($0) to re-run it" })
            }
        }
        let scratch = NSTemporaryDirectory() + "spark-verify-\(getpid())-\(UInt32.random(in: 0...UInt32.max))"
        defer { try? FileManager.default.removeItem(atPath: scratch) }
        try FileManager.default.createDirectory(atPath: scratch, withIntermediateDirectories: true)
        log("re-running the \(record.kind) from the recorded inputs")
        let series: [EvidenceRecord.Series]
        switch record.kind {
        case "backtest":
            guard let recipe = record.recipe.backtest else { throw EvidenceError(.unreadable, "run.json has no backtest recipe", file: "run.json") }
            series = try BacktestEvidence.reproduce(recipe, strategySource: copy("strategy", record, directory), into: scratch)
        case "sweep", "walk_forward":
            guard let spec = record.recipe.spec else { throw EvidenceError(.unreadable, "run.json has no spec", file: "run.json") }
            let specText = try text(at: "\(directory)/\(spec)")
            series = try SweepJob.reproduce(specPath: record.inputs.first { $0.role == "spec" }?.path ?? spec, specText: specText, strategySource: copy("strategy", record, directory), workers: workers, into: scratch)
        default:
            throw EvidenceError(.unreadable, "unknown evidence kind '\(record.kind)'", file: "run.json")
        }
        for recorded in record.series {
            guard let now = series.first(where: { $0.symbol == recorded.symbol && $0.period == recorded.period }), now.sha256 == recorded.sha256 else {
                throw EvidenceError(.inputChanged, "the bars for \(recorded.symbol) \(recorded.period) are not the ones the run read (\(recorded.bars) bars, sha256 \(recorded.sha256.prefix(12))…)", file: recorded.source, hint: "re-import the same data, or re-run the \(record.kind) on the new data")
            }
        }
        for artifact in record.reproducible {
            try compare(artifact, original: directory, rerun: scratch)
        }
        log("reproduced: \(record.reproducible.joined(separator: ", "))")
        return Verification(evidenceID: record.evidenceID, kind: record.kind, hashed: hashed, reproduced: record.reproducible)
    }

    private static func copy(_ role: String, _ record: EvidenceRecord, _ directory: String) throws -> String {
        guard let copy = record.inputs.first(where: { $0.role == role })?.copy else {
            throw EvidenceError(.unreadable, "run.json records no copy of the \(role)", file: "run.json")
        }
        return try text(at: "\(directory)/\(copy)")
    }

    private static func text(at path: String) throws(EvidenceError) -> String {
        guard let data = FileManager.default.contents(atPath: path) else { throw EvidenceError(.missing, "cannot read it", file: path) }
        return String(decoding: data, as: UTF8.self)
    }

    private static func compare(_ artifact: String, original: String, rerun: String) throws(EvidenceError) {
        let before = FileManager.default.contents(atPath: "\(original)/\(artifact)") ?? Data()
        guard let after = FileManager.default.contents(atPath: "\(rerun)/\(artifact)") else {
            throw EvidenceError(.notReproduced, "the re-run did not produce it", file: artifact)
        }
        guard before != after else { return }
        let old = String(decoding: before, as: UTF8.self).split(separator: "\n", omittingEmptySubsequences: false)
        let new = String(decoding: after, as: UTF8.self).split(separator: "\n", omittingEmptySubsequences: false)
        let line = zip(old, new).enumerated().first { $0.element.0 != $0.element.1 }?.offset ?? min(old.count, new.count)
        let shown = line < new.count ? String(new[line].prefix(160)) : "(end of file)"
        throw EvidenceError(
            .notReproduced, "the re-run differs from line \(line + 1) on: recorded \(line < old.count ? String(old[line].prefix(160)) : "(end of file)") / re-run \(shown)",
            file: artifact, hint: "the strategy, engine or data changed since the run; the artifact cannot be trusted as evidence of this code"
        )
    }

    /// Writes `directory` as a gzip-compressed tar archive at `archive` (default: beside it, `.tar.gz`).
    ///
    /// Refuses a directory whose manifest does not check, so an archive is never of tampered evidence,
    /// and an existing archive unless `force` (at `time`, ms), which moves it aside.
    @discardableResult
    public static func pack(_ directory: String, to archive: String? = nil, force: Bool = false, time: Int64 = 0) throws -> (path: String, files: Int, bytes: Int) {
        let files = try EvidenceManifest.check(directory: directory) + [EvidenceManifest.name]
        let base = ((directory as NSString).standardizingPath as NSString).lastPathComponent
        var entries: [(name: String, bytes: [UInt8])] = []
        for file in files.sorted() {
            guard let data = FileManager.default.contents(atPath: "\(directory)/\(file)") else { throw EvidenceError(.missing, "cannot read it", file: file) }
            entries.append(("\(base)/\(file)", [UInt8](data)))
        }
        let target = archive ?? (directory as NSString).standardizingPath + ".tar.gz"
        try OutputFile.check(target, force: force)
        let tar = TarWriter.archive(entries)
        let compressed = try ZipWriter.deflate(tar, path: target, windowBits: 31)
        let partial = target + ".partial"
        try Data(compressed).write(to: URL(fileURLWithPath: partial))
        _ = try OutputFile.place(partial, at: target, force: force, time: time)
        return (target, entries.count, compressed.count)
    }
}
