import Yams

extension ProjectSettings {
    /// Reads `spark.yaml` strictly: a format version it knows, known keys only.
    static func load(path: String) throws(ConfigError) -> ProjectSettings {
        let file = try YAMLFile(path: path)
        var version: Int?
        var name: String?
        var fees = Fees()
        var live = LiveSettings()
        var serve = ServeSettings()
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
            case "fees":
                fees = try Fees.read(value, in: file)
            case "live":
                live = try LiveSettings.read(value, in: file)
            case "serve":
                serve = try ServeSettings.read(value, in: file)
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
        return ProjectSettings(name: name, fees: fees, live: live, serve: serve)
    }

    static func isName(_ text: String) -> Bool {
        !text.isEmpty && text.count <= 64 && text.unicodeScalars.allSatisfy { $0.isASCII && ($0.properties.isAlphabetic || ("0"..."9").contains($0) || "-_.".unicodeScalars.contains($0)) }
    }
}

extension ProjectSettings.Fees {
    /// Reads `fees:` strictly: known keys, plain numbers from 0 to under 10,000, `taker_bps` required.
    static func read(_ node: Node, in file: YAMLFile) throws(ConfigError) -> Self {
        var values: [String: Double] = [:]
        for (key, _, value) in try file.mapping(node, allowed: keys, what: "fees") {
            let number = try file.number(value, what: "fees.\(key)")
            guard number >= 0, number < 10_000 else {
                throw file.error(.value, "fees.\(key) must be from 0 to under 10000 basis points, got \(number)", at: value)
            }
            values[key] = number
        }
        guard let taker = values["taker_bps"] else {
            throw file.error(.schema, "fees needs taker_bps", at: node, hint: "write fees: { maker_bps: 10, taker_bps: 10, slippage_bps: 1 } (maker_bps defaults to taker_bps, slippage_bps to 0)")
        }
        return Self(makerBps: values["maker_bps"] ?? taker, takerBps: taker, slippageBps: values["slippage_bps"] ?? 0, isSet: true)
    }
}
