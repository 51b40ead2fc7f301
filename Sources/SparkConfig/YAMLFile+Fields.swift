package import Yams

extension YAMLFile {
    /// The pairs of a mapping by key, for readers that look keys up rather than walk them in order.
    package func fields(_ node: Node, allowed: Set<String>, what: String) throws(ConfigError) -> [String: Node] {
        var fields: [String: Node] = [:]
        for (key, _, value) in try mapping(node, allowed: allowed, what: what) { fields[key] = value }
        return fields
    }

    /// A required scalar as text; missing is an error at `parent`.
    package func text(_ node: Node?, what: String, in parent: Node) throws(ConfigError) -> String {
        guard let node else { throw error(.schema, "\(what) is missing", at: parent) }
        return try scalar(node, what: what)
    }

    /// A required whole number of at least `minimum`, written plainly.
    package func integer(_ node: Node?, what: String, in parent: Node, minimum: Int) throws(ConfigError) -> Int {
        guard let node else { throw error(.schema, "\(what) is missing", at: parent) }
        let value = try integer(node, what: what)
        guard value >= minimum, let small = Int(exactly: value) else {
            throw error(.value, "\(what) must be a whole number of at least \(minimum), got \(value)", at: node)
        }
        return small
    }

    /// An optional list of names (`[risk, quant]`); missing is empty.
    package func list(_ node: Node?, what: String) throws(ConfigError) -> [String] {
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
