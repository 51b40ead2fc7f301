import Crypto
import Foundation

/// MANIFEST.sha256: `<sha256>  <path>` per file, sorted by path, in the format `sha256sum -c` reads.
enum EvidenceManifest {
    static let name = "MANIFEST.sha256"

    /// Every regular file under `directory` (relative paths, sorted), the manifest itself excluded.
    static func files(in directory: String) -> [String] {
        guard let enumerator = FileManager.default.enumerator(atPath: directory) else { return [] }
        var files: [String] = []
        while let path = enumerator.nextObject() as? String {
            var isDirectory: ObjCBool = false
            guard FileManager.default.fileExists(atPath: "\(directory)/\(path)", isDirectory: &isDirectory), !isDirectory.boolValue else { continue }
            if path != name { files.append(path) }
        }
        return files.sorted()
    }

    static func sha256(file path: String) -> String? {
        guard let handle = FileHandle(forReadingAtPath: path) else { return nil }
        defer { try? handle.close() }
        var hasher = SHA256()
        while let chunk = try? handle.read(upToCount: 1 << 20), !chunk.isEmpty { hasher.update(data: chunk) }
        return hasher.finalize().map { String(format: "%02x", $0) }.joined()
    }

    /// Writes the manifest over every file now in `directory`; those in `hashed` (by path) were
    /// hashed as they were written and are not read again.
    static func write(directory: String, hashed: [String: String] = [:]) throws {
        var lines: [String] = []
        for file in files(in: directory) {
            guard let hash = hashed[file] ?? sha256(file: "\(directory)/\(file)") else {
                throw EvidenceError(.unreadable, "cannot read \(file) to hash it", file: "\(directory)/\(file)")
            }
            lines.append("\(hash)  \(file)")
        }
        try Data((lines.joined(separator: "\n") + "\n").utf8).write(to: URL(fileURLWithPath: "\(directory)/\(name)"), options: .atomic)
    }

    /// Checks every listed file's hash and that nothing unlisted was added; returns the files checked.
    static func check(directory: String) throws(EvidenceError) -> [String] {
        guard let text = try? String(contentsOfFile: "\(directory)/\(name)", encoding: .utf8) else {
            throw EvidenceError(.unreadable, "\(name) is missing", file: "\(directory)/\(name)", hint: "this is not a sealed evidence directory, or the manifest was deleted")
        }
        var listed: [String: String] = [:]
        for (number, line) in text.split(separator: "\n", omittingEmptySubsequences: true).enumerated() {
            let parts = line.split(separator: " ", maxSplits: 1)
            guard parts.count == 2, parts[0].count == 64, parts[1].hasPrefix(" ") else {
                throw EvidenceError(.tampered, "line \(number + 1) of the manifest is not `<sha256>  <path>`", file: name)
            }
            listed[String(parts[1].dropFirst())] = String(parts[0])
        }
        for path in listed.keys.sorted() {
            let full = "\(directory)/\(path)"
            guard FileManager.default.fileExists(atPath: full) else {
                throw EvidenceError(.missing, "listed in the manifest but missing", file: path, hint: "restore it from the archive (spark evidence pack) or re-run")
            }
            guard let actual = sha256(file: full), actual == listed[path] else {
                throw EvidenceError(.tampered, "its SHA-256 no longer matches the manifest", file: path, hint: "the file was edited after the run; restore the original or re-run")
            }
        }
        for file in files(in: directory) where listed[file] == nil {
            throw EvidenceError(.unlisted, "not in the manifest: added after the run was sealed", file: file, hint: "remove it, or re-run to produce evidence that includes it")
        }
        return listed.keys.sorted()
    }
}
