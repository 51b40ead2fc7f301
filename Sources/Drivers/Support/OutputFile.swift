import Foundation

/// A file a command writes with `--out`: never written over. An existing file is refused, or with
/// `--force` moved aside as `NAME.replaced-TIME`; nothing is deleted.
package enum OutputFile {
    /// Refuses `path` when it exists and `force` is off, before any work is done.
    package static func check(_ path: String, force: Bool) throws(ConfigError) {
        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory) else { return }
        if isDirectory.boolValue {
            throw ConfigError(.flag, "\(path) is a directory; name the file to write", file: path)
        }
        guard force else {
            throw ConfigError(.flag, "\(path) already exists and is never overwritten", file: path, hint: "name a new file, or pass --force to move the old one aside as \((path as NSString).lastPathComponent).replaced-TIME")
        }
    }

    /// A free name beside `path` to move it aside to: `PATH.replaced-TIME`, with `-2`, `-3`, … when taken.
    package static func asideName(for path: String, time: Int64) -> String {
        let stamp = ISOTime.string(time).replacingOccurrences(of: ":", with: "-")
        var candidate = "\(path).replaced-\(stamp)"
        var suffix = 1
        while FileManager.default.fileExists(atPath: candidate) {
            suffix += 1
            candidate = "\(path).replaced-\(stamp)-\(suffix)"
        }
        return candidate
    }

    /// Puts the finished `temporary` file at `path`, moving what was there aside; returns where it went.
    package static func place(_ temporary: String, at path: String, force: Bool, time: Int64) throws(ConfigError) -> String? {
        try check(path, force: force)
        var aside: String?
        if FileManager.default.fileExists(atPath: path) {
            let candidate = asideName(for: path, time: time)
            guard rename(path, candidate) == 0 else {
                throw ConfigError(.unwritable, "cannot move the old file aside: \(String(cString: strerror(errno)))", file: path)
            }
            aside = candidate
        }
        guard rename(temporary, path) == 0 else {
            throw ConfigError(.unwritable, "cannot put the new file in place: \(String(cString: strerror(errno)))", file: path)
        }
        return aside
    }
}
