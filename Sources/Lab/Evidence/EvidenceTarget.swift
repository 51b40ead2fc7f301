import Foundation
import Drivers

/// Where an evidence directory may go, and what becomes of what is there: nothing is ever deleted.
///
/// A missing or empty directory is written. A file, or a directory holding anything, is refused;
/// with `--force` an earlier Spark evidence directory (one with `run.json` and `MANIFEST.sha256`) is
/// moved aside as `NAME.replaced-TIME`, and anything else is still refused. The working directory
/// and its parents are refused outright: evidence cannot be renamed onto them.
enum EvidenceTarget {
    /// Refuses what `directory` may not become, before any work is done.
    static func check(_ directory: String, force: Bool) throws(ConfigError) {
        let target = Project.canonical(directory)
        let here = Project.canonical(FileManager.default.currentDirectoryPath)
        if Project.path(here, isInside: target) {
            throw ConfigError(
                .flag, "refusing to write evidence to \(directory): it is the working directory\(target == here ? "" : " or above it")", file: directory,
                hint: "name a new directory, e.g. --out out/run1"
            )
        }
        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: target, isDirectory: &isDirectory) else { return }
        guard isDirectory.boolValue else {
            throw ConfigError(.flag, "\(directory) is a file; evidence never replaces a file", file: directory, hint: "name a new directory")
        }
        let entries = (try? FileManager.default.contentsOfDirectory(atPath: target)) ?? []
        guard !entries.isEmpty else { return }
        guard isEvidence(target) else {
            throw ConfigError(
                .flag, "\(directory) holds \(entries.count) entr\(entries.count == 1 ? "y" : "ies") and is not Spark evidence; it is never overwritten, with or without --force",
                file: directory, hint: "name a new directory"
            )
        }
        guard force else {
            throw ConfigError(
                .flag, "\(directory) already holds Spark evidence; it is never overwritten", file: directory,
                hint: "name a new directory, or pass --force to move the earlier evidence aside as \((directory as NSString).lastPathComponent).replaced-TIME"
            )
        }
    }

    /// Makes room for the finished evidence: an empty directory is removed, earlier evidence moved
    /// aside to `NAME.replaced-TIME`; returns where it went.
    static func clear(_ directory: String, force: Bool, time: Int64) throws(ConfigError) -> String? {
        try check(directory, force: force)
        let target = Project.canonical(directory)
        guard FileManager.default.fileExists(atPath: target) else { return nil }
        if ((try? FileManager.default.contentsOfDirectory(atPath: target)) ?? []).isEmpty {
            guard rmdir(target) == 0 else { throw ConfigError(.unwritable, "cannot replace the empty directory: \(String(cString: strerror(errno)))", file: directory) }
            return nil
        }
        let aside = OutputFile.asideName(for: target, time: time)
        guard rename(target, aside) == 0 else {
            throw ConfigError(.unwritable, "cannot move the earlier evidence aside: \(String(cString: strerror(errno)))", file: directory)
        }
        return aside
    }

    static func isEvidence(_ directory: String) -> Bool {
        FileManager.default.fileExists(atPath: "\(directory)/run.json") && FileManager.default.fileExists(atPath: "\(directory)/\(EvidenceManifest.name)")
    }
}
