import Foundation

/// Paths of the repository and of scratch directories for driver tests.
enum Paths {
    static let root: String = {
        var url = URL(fileURLWithPath: #filePath)
        while url.path != "/" {
            url.deleteLastPathComponent()
            if FileManager.default.fileExists(atPath: url.appendingPathComponent("Package.swift").path) { return url.path }
        }
        fatalError("Package.swift not found above \(#filePath)")
    }()

    static func repo(_ relative: String) -> String { "\(root)/\(relative)" }
    static func fixture(_ name: String) -> String { "\(root)/Tests/DriversTests/Fixtures/\(name)" }

    /// A fresh directory for one test.
    static func scratch(_ name: String = UUID().uuidString) -> String {
        let path = NSTemporaryDirectory() + "spark-tests/\(name)-\(UUID().uuidString.prefix(8))"
        try? FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
        return path
    }

    /// Writes `text` to a new file in a scratch directory and returns its path.
    static func write(_ text: String, named name: String) -> String {
        let path = scratch() + "/" + name
        _ = FileManager.default.createFile(atPath: path, contents: Data(text.utf8))
        return path
    }
}
