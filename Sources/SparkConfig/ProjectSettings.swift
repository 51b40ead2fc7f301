/// What `spark.yaml` says about its project.
///
/// Later issues add venue endpoints, account tags, the secrets file and service ports here; each new
/// key is added to ``ProjectSettings/keys`` so older files keep loading and typos keep failing.
public struct ProjectSettings: Sendable, Equatable {
    /// The format version `spark.yaml` is written in (`spark: 1`).
    public static let formatVersion = 1
    /// The keys `spark.yaml` may hold.
    static let keys: Set<String> = ["spark", "name"]

    /// The project's name, shown when a command says which project it acted on.
    public var name: String

    public init(name: String) {
        self.name = name
    }
}
