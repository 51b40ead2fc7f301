import Foundation
internal import Yams

/// A YAML file read into nodes that keep their line and column, so every error points at its place.
struct YAMLDocument {
    let path: String
    let root: Node

    init(path: String) throws(ApprovalError) {
        guard let data = FileManager.default.contents(atPath: path) else {
            throw ApprovalError(.unreadable, "cannot read the file", file: path, hint: "check the path and its permissions")
        }
        do {
            guard let node = try Yams.compose(yaml: String(decoding: data, as: UTF8.self)) else {
                throw ApprovalError(.syntax, "the file is empty", file: path, line: 1, column: 1)
            }
            root = node
        } catch let error as ApprovalError {
            throw error
        } catch let error as YamlError {
            switch error {
            case .scanner(_, let problem, let mark, _), .parser(_, let problem, let mark, _), .composer(_, let problem, let mark, _):
                throw ApprovalError(.syntax, "YAML syntax: \(problem)", file: path, line: mark.line, column: mark.column, hint: "check indentation and quoting around this point")
            default:
                throw ApprovalError(.syntax, "YAML: \(error)", file: path)
            }
        } catch {
            throw ApprovalError(.syntax, "\(error)", file: path)
        }
        self.path = path
    }

    func error(_ code: ApprovalError.Code, _ message: String, at node: Node, hint: String? = nil) -> ApprovalError {
        ApprovalError(code, message, file: path, line: node.mark?.line, column: node.mark?.column, hint: hint)
    }

    /// The pairs of a mapping; a key outside `allowed` or a duplicate is an error at that key.
    func mapping(_ node: Node, allowed: Set<String>, what: String) throws(ApprovalError) -> [String: Node] {
        guard let mapping = node.mapping else {
            throw error(.schema, "\(what) must be a mapping (key: value)", at: node)
        }
        var pairs: [String: Node] = [:]
        for (keyNode, value) in mapping {
            guard let key = keyNode.string else {
                throw error(.schema, "keys in \(what) must be text", at: keyNode)
            }
            guard allowed.contains(key) else {
                throw error(.schema, "unknown key '\(key)' in \(what)", at: keyNode, hint: "allowed keys: \(allowed.sorted().joined(separator: ", "))")
            }
            guard pairs[key] == nil else {
                throw error(.schema, "duplicate key '\(key)' in \(what)", at: keyNode)
            }
            pairs[key] = value
        }
        return pairs
    }

    func text(_ node: Node?, what: String, in parent: Node) throws(ApprovalError) -> String {
        guard let node else { throw error(.schema, "\(what) is missing", at: parent) }
        guard let scalar = node.scalar else { throw error(.schema, "\(what) must be a single value", at: node) }
        return scalar.string
    }

    func integer(_ node: Node?, what: String, in parent: Node, minimum: Int) throws(ApprovalError) -> Int {
        let raw = try text(node, what: what, in: parent)
        guard let value = Int(raw), value >= minimum else {
            throw error(.value, "\(what) must be a whole number of at least \(minimum), got '\(raw)'", at: node ?? parent)
        }
        return value
    }

    func list(_ node: Node?, what: String) throws(ApprovalError) -> [String] {
        guard let node else { return [] }
        guard let sequence = node.sequence else {
            throw error(.schema, "\(what) must be a list such as [risk]", at: node)
        }
        var items: [String] = []
        for item in sequence {
            guard let scalar = item.scalar, !scalar.string.isEmpty else {
                throw error(.schema, "each entry of \(what) must be a name", at: item)
            }
            items.append(scalar.string)
        }
        return items
    }
}
