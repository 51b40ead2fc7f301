import Foundation

extension LiveReplay {
    /// Whether `path` is a live session's journal (its first line is a live header record), so
    /// `spark replay` can tell it from a paper journal without the user saying which.
    public static func isLiveJournal(_ path: String) -> Bool {
        guard let handle = FileHandle(forReadingAtPath: path) else { return false }
        defer { try? handle.close() }
        let head = (try? handle.read(upToCount: 64 * 1024)) ?? Data()
        let firstLine = head.split(separator: UInt8(ascii: "\n"), maxSplits: 1).first ?? head[...]
        guard let object = try? JSONSerialization.jsonObject(with: Data(firstLine)) as? [String: Any] else { return false }
        // A paper journal's header is flat ({"type": "header", "version": …}); a live one nests it.
        return object["header"] is [String: Any]
    }
}
