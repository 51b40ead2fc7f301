import Foundation
package import Yams

/// The one strict YAML reader: a file read into nodes that remember their line and column, for
/// errors that point at them.
///
/// Strict means: UTF-8 without a byte-order mark, no duplicate keys, no alias bombs, and numbers
/// written one way only (``integer(_:what:)``, ``number(_:what:)``), so two spellings of a value can
/// never load, or hash, alike.
package struct YAMLFile {
    package let path: String
    package let text: String
    package let root: Node

    package init(path: String) throws(ConfigError) {
        let data: Data
        do {
            data = try Data(contentsOf: URL(fileURLWithPath: path))
        } catch {
            let missing = !FileManager.default.fileExists(atPath: path)
            throw ConfigError(
                .unreadable, missing ? "no such file" : "cannot read the file (\(error.localizedDescription))", file: path,
                hint: missing ? "check the path" : "check its permissions"
            )
        }
        try self.init(path: path, text: Self.decode(data, path: path))
    }

    package init(path: String, text: String) throws(ConfigError) {
        self.path = path
        self.text = text
        if text.unicodeScalars.first == "\u{FEFF}" {
            throw ConfigError(.encoding, "the file starts with a byte-order mark", file: path, line: 1, column: 1, hint: "save it as UTF-8 without a BOM")
        }
        do {
            guard let node = try Yams.compose(yaml: text) else {
                throw ConfigError(.syntax, "the file is empty", file: path, line: 1, column: 1)
            }
            root = node
            var budget = Self.maxNodes
            try Self.count(node, budget: &budget, path: path)
        } catch let error as ConfigError {
            throw error
        } catch let error as YamlError {
            throw Self.convert(error, path: path, text: text)
        } catch {
            throw ConfigError(.syntax, "\(error)", file: path)
        }
    }

    /// Desk files are small; a document that expands past this many nodes is an alias bomb, not a config.
    static let maxNodes = 100_000

    /// UTF-8 or an error at the first byte that is not.
    private static func decode(_ data: Data, path: String) throws(ConfigError) -> String {
        if let text = String(validating: data, as: UTF8.self) { return text }
        var line = 1, column = 1, index = data.startIndex
        while index < data.endIndex {
            let lead = data[index]
            let length = lead < 0x80 ? 1 : lead >> 5 == 0b110 ? 2 : lead >> 4 == 0b1110 ? 3 : lead >> 3 == 0b11110 ? 4 : 0
            let end = index + max(length, 1)
            if length == 0 || end > data.endIndex || String(validating: data[index..<end], as: UTF8.self) == nil {
                throw ConfigError(
                    .encoding, String(format: "the file is not valid UTF-8 (byte 0x%02X)", lead), file: path, line: line, column: column,
                    hint: "save it as UTF-8 (iconv -f LATIN1 -t UTF-8 converts a Latin-1 file)"
                )
            }
            if lead == 0x0A { (line, column) = (line + 1, 1) } else { column += 1 }
            index = end
        }
        return String(decoding: data, as: UTF8.self)
    }

    private static func count(_ node: Node, budget: inout Int, path: String) throws(ConfigError) {
        budget -= 1
        guard budget >= 0 else {
            throw ConfigError(.syntax, "the document expands to more than \(maxNodes) values (anchors and aliases multiplying?)", file: path, line: node.mark?.line, column: node.mark?.column, hint: "write the values out; desk files need no anchors")
        }
        switch node {
        case .mapping(let mapping):
            for (key, value) in mapping {
                try count(key, budget: &budget, path: path)
                try count(value, budget: &budget, path: path)
            }
        case .sequence(let sequence):
            for item in sequence { try count(item, budget: &budget, path: path) }
        default:
            break
        }
    }

    private static func convert(_ error: YamlError, path: String, text: String) -> ConfigError {
        switch error {
        case .scanner(_, let problem, let mark, _), .parser(_, let problem, let mark, _), .composer(_, let problem, let mark, _):
            return ConfigError(.syntax, "YAML syntax: \(problem)", file: path, line: mark.line, column: mark.column, hint: "check indentation and quoting around this point")
        case .reader(let problem, _, _, _):
            return ConfigError(.encoding, "YAML: \(problem)", file: path, hint: "save the file as UTF-8 text")
        case .duplicatedKeysInMapping(let duplicates, let context):
            let key = duplicates.first ?? ""
            let again = secondOccurrence(of: key, after: context.mark, in: text)
            return ConfigError(
                .schema, "duplicate key '\(key)' (first at line \(context.mark.line))", file: path,
                line: again?.line ?? context.mark.line, column: again?.column ?? context.mark.column, hint: "each key may appear once in a mapping"
            )
        default:
            return ConfigError(.syntax, "YAML: \(error)", file: path)
        }
    }

    /// Where `key` is written as a key again after its first place; LibYAML only reports the first.
    private static func secondOccurrence(of key: String, after mark: Mark, in text: String) -> (line: Int, column: Int)? {
        for (offset, line) in text.split(separator: "\n", omittingEmptySubsequences: false).enumerated() where offset + 1 >= mark.line {
            var searchFrom = line.startIndex
            if offset + 1 == mark.line {
                searchFrom = line.index(line.startIndex, offsetBy: min(mark.column - 1 + key.count, line.count))
            }
            var cursor = searchFrom
            while let found = line[cursor...].range(of: key) {
                let before = found.lowerBound == line.startIndex ? " " : line[line.index(before: found.lowerBound)]
                let after = line[found.upperBound...].drop(while: { $0 == " " || $0 == "\"" || $0 == "'" }).first
                if " \t{,-\"'".contains(before), after == ":" {
                    return (offset + 1, line.distance(from: line.startIndex, to: found.lowerBound) + 1)
                }
                cursor = found.upperBound
            }
        }
        return nil
    }

    package func error(_ code: ConfigError.Code, _ message: String, at node: Node, hint: String? = nil) -> ConfigError {
        ConfigError(code, message, file: path, line: node.mark?.line, column: node.mark?.column, hint: hint)
    }

    /// The pairs of a mapping, refusing keys outside `allowed` (strict: a typo is an error, not a no-op).
    package func mapping(_ node: Node, allowed: Set<String>? = nil, what: String) throws(ConfigError) -> [(key: String, keyNode: Node, value: Node)] {
        guard let mapping = node.mapping else {
            throw error(.schema, "\(what) must be a mapping (key: value)", at: node)
        }
        var seen = Set<String>()
        var pairs: [(key: String, keyNode: Node, value: Node)] = []
        for (keyNode, value) in mapping {
            guard let key = keyNode.string else {
                throw error(.schema, "keys in \(what) must be text", at: keyNode)
            }
            if let allowed, !allowed.contains(key) {
                throw error(.schema, "unknown key '\(key)' in \(what)", at: keyNode, hint: "allowed keys: \(allowed.sorted().joined(separator: ", "))")
            }
            guard seen.insert(key).inserted else {
                throw error(.schema, "duplicate key '\(key)' in \(what)", at: keyNode)
            }
            pairs.append((key, keyNode, value))
        }
        return pairs
    }

    /// A scalar as text, or an error at the node.
    package func scalar(_ node: Node, what: String) throws(ConfigError) -> String {
        guard let scalar = node.scalar else {
            throw error(.schema, "\(what) must be a single value", at: node)
        }
        return scalar.string
    }

    /// A whole number written plainly: `12` or `-3`; never `012`, `+12`, `12.0`, `1.2e1`, `0x0C` or `"12"`.
    package func integer(_ node: Node, what: String) throws(ConfigError) -> Int64 {
        let text = try scalar(node, what: what)
        guard node.scalar?.style == .plain, let value = YAMLNumber.integer(text) else {
            throw error(.value, "\(what) must be a whole number written plainly (such as 12), got '\(text)'", at: node, hint: YAMLNumber.hint)
        }
        return value
    }

    /// A finite number written plainly: `0.02`, `-3`, `1e-7`; never `+1`, `01.5`, `.5`, `"1"` or `.inf`.
    package func number(_ node: Node, what: String) throws(ConfigError) -> Double {
        let text = try scalar(node, what: what)
        guard node.scalar?.style == .plain, let value = YAMLNumber.number(text) else {
            throw error(.value, "\(what) must be a number written plainly (such as 0.02), got '\(text)'", at: node, hint: YAMLNumber.hint)
        }
        return value
    }
}
