import Foundation
import Demos
import Testing

@Suite("The lab demo")
struct LabDemoTests {
    @Test("the demo's smoke sweep ends with its leaderboard, verified evidence, a refused tampered copy and the report path")
    func smokeSweep() throws {
        // The smoke spec's paths are relative to the repository root, as the demo runs from there.
        try #require(FileManager.default.currentDirectoryPath == Paths.root || FileManager.default.changeCurrentDirectoryPath(Paths.root))
        var lines: [String] = []
        try LabDemo.run(root: Paths.root, output: Paths.scratch("demo"), print: { lines.append($0) }, warn: { _ in })
        let text = lines.joined(separator: "\n")
        #expect(text.contains("60 of 60 scenarios reused from the store, 0 run"))
        #expect(text.contains("→ verified: "))
        #expect(text.contains("→ refused: leaderboard.csv: its SHA-256 no longer matches the manifest"))
        #expect(text.contains("best on BTCUSDT: {\"fast\":10,\"size\":0.05,\"slow\":60}"))
        let report = try #require(lines.last { $0.hasPrefix("Open the report: ") }?.dropFirst("Open the report: ".count))
        let html = try String(contentsOfFile: String(report), encoding: .utf8)
        #expect(html.contains("data:image/png;base64,") && !html.contains("http"))
    }
}
