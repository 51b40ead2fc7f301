extension ProjectSettings {
    /// Reads `spark.yaml` strictly: a format version it knows, known keys only.
    static func load(path: String) throws(ConfigError) -> ProjectSettings {
        let file = try YAMLFile(path: path)
        var version: Int?
        var name: String?
        for (key, keyNode, value) in try file.mapping(file.root, allowed: keys, what: "spark.yaml") {
            switch key {
            case "spark":
                version = Int(try file.integer(value, what: "spark (the format version)"))
                guard version == formatVersion else {
                    throw file.error(
                        .value, "spark.yaml is written in format \(version!), this build reads format \(formatVersion)", at: value,
                        hint: "use a Spark build that reads format \(version!), or rewrite the file in format \(formatVersion) (docs/project.md)"
                    )
                }
            case "name":
                let text = try file.scalar(value, what: "name")
                guard Self.isName(text) else {
                    throw file.error(.value, "the project name '\(text)' must be letters, digits, '-', '_' or '.'", at: value)
                }
                name = text
            default:
                throw file.error(.schema, "unknown key '\(key)' in spark.yaml", at: keyNode)
            }
        }
        guard version != nil else {
            throw ConfigError(.schema, "spark.yaml has no format version", file: path, line: 1, column: 1, hint: "add `spark: \(formatVersion)` as its first line")
        }
        guard let name else {
            throw ConfigError(.schema, "spark.yaml has no project name", file: path, line: 1, column: 1, hint: "add `name: my-desk`")
        }
        return ProjectSettings(name: name)
    }

    static func isName(_ text: String) -> Bool {
        !text.isEmpty && text.count <= 64 && text.unicodeScalars.allSatisfy { $0.isASCII && ($0.properties.isAlphabetic || ("0"..."9").contains($0) || "-_.".unicodeScalars.contains($0)) }
    }
}
