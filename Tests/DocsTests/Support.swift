import Foundation

/// Paths of the repository and of the built `spark`.
enum Repo {
    static let root: String = {
        var url = URL(fileURLWithPath: #filePath)
        while url.path != "/" {
            url.deleteLastPathComponent()
            if FileManager.default.fileExists(atPath: url.appendingPathComponent("Package.swift").path) { return url.path }
        }
        fatalError("Package.swift not found above \(#filePath)")
    }()

    static func path(_ relative: String) -> String { "\(root)/\(relative)" }

    /// `$SPARK_BIN`, else the debug build of this package.
    static var spark: String { ProcessInfo.processInfo.environment["SPARK_BIN"] ?? path(".build/debug/spark") }

    static func read(_ relative: String) throws -> String { try String(contentsOfFile: path(relative), encoding: .utf8) }

    /// README.md, then docs/*.md in name order.
    static var documents: [String] {
        let docs = (try? FileManager.default.contentsOfDirectory(atPath: path("docs"))) ?? []
        return ["README.md"] + docs.filter { $0.hasSuffix(".md") }.sorted().map { "docs/\($0)" }
    }
}
