public import Foundation

/// A Spark project: the directory holding `spark.yaml`, and the one trust root for everything in it.
///
/// Approvals, keys, the approval policy, state (kill switch, breakers, session locks) and the audit
/// logs belong to the project, never to a command-line flag: a gated run reads exactly these
/// directories, so no caller can point it at a folder it made up.
public struct Project: Sendable, Equatable {
    /// The file that makes a directory a project.
    public static let fileName = "spark.yaml"
    /// Names the project directory, overriding the walk up from the working directory.
    public static let environmentVariable = "SPARK_PROJECT"

    /// The project directory: absolute, symbolic links resolved.
    public let root: String
    public let settings: ProjectSettings

    /// Loads the project whose `spark.yaml` is in `root`.
    public init(root: String) throws(ConfigError) {
        let resolved = Self.canonical(root)
        settings = try ProjectSettings.load(path: "\(resolved)/\(Self.fileName)")
        self.root = resolved
    }

    /// `spark.yaml` itself.
    public var configPath: String { "\(root)/\(Self.fileName)" }
    /// Keys, proposals, signatures and the tracked audit log.
    public var approvalsDirectory: String { "\(root)/approvals" }
    /// The policies in force: guardrail policies, `approval.yaml`, Lua rules.
    public var policiesDirectory: String { "\(root)/policies" }
    /// Per-host state, never committed: the kill switch, breaker state, session locks.
    public var stateDirectory: String { "\(root)/state" }
    /// Where `strategies/<name>.lua` is found when a param set names its strategy.
    public var strategiesDirectory: String { "\(root)/strategies" }

    /// The project a command acts on: `$SPARK_PROJECT` when set, else the nearest directory at or
    /// above `directory` that holds `spark.yaml`.
    ///
    /// - Throws: ``ConfigError`` with code `project` outside a project or when `$SPARK_PROJECT` names a
    ///   directory without `spark.yaml`; the error of `spark.yaml` itself when it does not load.
    public static func locate(
        from directory: String = FileManager.default.currentDirectoryPath,
        environment: [String: String] = ProcessInfo.processInfo.environment
    ) throws(ConfigError) -> Project {
        if let named = environment[environmentVariable], !named.isEmpty {
            let absolute = named.hasPrefix("/") ? named : "\(directory)/\(named)"
            guard FileManager.default.fileExists(atPath: "\(absolute)/\(fileName)") else {
                throw ConfigError(
                    .project, "\(environmentVariable)=\(named) names no Spark project: there is no \(fileName) in \(canonical(absolute))",
                    hint: "point \(environmentVariable) at the directory holding \(fileName), or unset it to search upwards from the working directory"
                )
            }
            return try Project(root: absolute)
        }
        var current = canonical(directory)
        while true {
            if FileManager.default.fileExists(atPath: "\(current)/\(fileName)") {
                return try Project(root: current)
            }
            let parent = (current as NSString).deletingLastPathComponent
            if parent == current || parent.isEmpty { break }
            current = parent
        }
        throw ConfigError(
            .project, "not inside a Spark project: no \(fileName) in \(canonical(directory)) or any directory above it",
            hint: "run this from inside a project (a directory holding \(fileName)), or set \(environmentVariable)=DIR; docs/project.md says what spark.yaml holds"
        )
    }

    /// Whether `path` (absolute, or relative to the working directory) lies inside `directory`.
    public static func path(_ path: String, isInside directory: String) -> Bool {
        let inner = canonical(path), outer = canonical(directory)
        return inner == outer || inner.hasPrefix(outer.hasSuffix("/") ? outer : outer + "/")
    }

    /// An absolute path with `.`, `..` and symbolic links resolved, so two spellings of one place compare equal.
    public static func canonical(_ path: String) -> String {
        let absolute = path.hasPrefix("/") ? path : "\(FileManager.default.currentDirectoryPath)/\(path)"
        return URL(fileURLWithPath: absolute).standardizedFileURL.resolvingSymlinksInPath().path
    }
}
