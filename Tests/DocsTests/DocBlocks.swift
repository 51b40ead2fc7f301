import Foundation

/// A fenced shell block of a markdown file: where it is, what it runs, and why it is skipped if it is.
struct DocBlock: Sendable, CustomStringConvertible {
    /// The file, relative to the repository (`README.md`, `docs/data.md`).
    var file: String
    /// The line of the opening fence, 1-based.
    var line: Int
    var language: String
    /// The block as bash runs it: line `n` of the script is line `line + n` of the file.
    var script: String
    /// The reason of a `<!-- docs-test: skip (reason) -->` marker right before the block.
    var skipReason: String?

    var description: String { "\(file):\(line)" }

    /// The languages whose blocks are commands.
    static let shellLanguages: Set<String> = ["sh", "bash", "console", "shell"]

    /// Every shell block of `text`, in order.
    static func extract(_ text: String, file: String) -> [DocBlock] {
        let lines = text.components(separatedBy: "\n")
        var blocks: [DocBlock] = []
        var index = 0
        while index < lines.count {
            let fence = lines[index]
            guard fence.hasPrefix("```") else {
                index += 1
                continue
            }
            let language = String(fence.dropFirst(3)).trimmingCharacters(in: .whitespaces)
            var end = index + 1
            while end < lines.count, !lines[end].hasPrefix("```") { end += 1 }
            if shellLanguages.contains(language) {
                let body = Array(lines[(index + 1)..<min(end, lines.count)])
                blocks.append(DocBlock(
                    file: file, line: index + 1, language: language, script: commands(body),
                    skipReason: skipMarker(before: index, in: lines)
                ))
            }
            index = end + 1
        }
        return blocks
    }

    /// The reason of a skip marker on the nearest non-blank line above the fence, if there is one.
    static func skipMarker(before fence: Int, in lines: [String]) -> String? {
        var above = fence - 1
        while above >= 0, lines[above].trimmingCharacters(in: .whitespaces).isEmpty { above -= 1 }
        guard above >= 0 else { return nil }
        let text = lines[above].trimmingCharacters(in: .whitespaces)
        guard text.hasPrefix("<!-- docs-test: skip"), text.hasSuffix("-->"),
              let open = text.firstIndex(of: "("), let close = text.lastIndex(of: ")"), open < close
        else { return nil }
        return String(text[text.index(after: open)..<close]).trimmingCharacters(in: .whitespaces)
    }

    /// A block whose lines start with a `$ ` prompt shows commands and their output: only the
    /// prompted lines (and their continuations) run; every other line becomes blank, so line numbers hold.
    static func commands(_ body: [String]) -> String {
        guard body.contains(where: { $0.hasPrefix("$ ") }) else { return body.joined(separator: "\n") }
        var kept: [String] = []
        var continuing = false
        for line in body {
            if line.hasPrefix("$ ") {
                kept.append(String(line.dropFirst(2)))
            } else {
                kept.append(continuing ? line : "")
            }
            continuing = kept.last?.hasSuffix("\\") == true && (line.hasPrefix("$ ") || continuing)
        }
        return kept.joined(separator: "\n")
    }
}
