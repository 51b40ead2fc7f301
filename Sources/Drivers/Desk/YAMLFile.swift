import Foundation
package import Yams

/// A YAML file read into nodes that remember their line and column, for errors that point at them.
package struct YAMLFile {
    package let path: String
    package let text: String
    package let root: Node

    package init(path: String) throws(ConfigError) {
        let text: String
        do {
            text = try String(contentsOfFile: path, encoding: .utf8)
        } catch {
            throw ConfigError(.unreadable, "cannot read the file (\(error.localizedDescription))", file: path, hint: "check the path and its permissions")
        }
        try self.init(path: path, text: text)
    }

    package init(path: String, text: String) throws(ConfigError) {
        self.path = path
        self.text = text
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
            throw Self.convert(error, path: path)
        } catch {
            throw ConfigError(.syntax, "\(error)", file: path)
        }
    }

    /// Desk files are small; a document that expands past this many nodes is an alias bomb, not a config.
    static let maxNodes = 100_000

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

    private static func convert(_ error: YamlError, path: String) -> ConfigError {
        switch error {
        case .scanner(_, let problem, let mark, _), .parser(_, let problem, let mark, _), .composer(_, let problem, let mark, _):
            return ConfigError(.syntax, "YAML syntax: \(problem)", file: path, line: mark.line, column: mark.column, hint: "check indentation and quoting around this point")
        case .duplicatedKeysInMapping(let duplicates, _):
            return ConfigError(.schema, "duplicate keys: \(duplicates.joined(separator: ", "))", file: path, hint: "each key may appear once in a mapping")
        default:
            return ConfigError(.syntax, "YAML: \(error)", file: path)
        }
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
}
