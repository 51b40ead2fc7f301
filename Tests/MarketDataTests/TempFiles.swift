import Foundation

/// Temporary files for one test, each in a fresh directory so parallel tests never collide.
enum TempFiles {
    static func directory() -> String {
        let path = NSTemporaryDirectory() + "spark-marketdata-" + UUID().uuidString
        try! FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
        return path
    }

    /// Writes `text` to a new file and returns its path.
    static func write(_ text: String, named name: String = "bars.csv") -> String {
        let path = directory() + "/" + name
        try! Data(text.utf8).write(to: URL(fileURLWithPath: path))
        return path
    }

    /// The repository root, found from this source file's location.
    static func repository(_ relative: String) -> String {
        URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
            .appendingPathComponent(relative).path
    }
}
