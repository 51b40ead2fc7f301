/// A guardrail policy as a live journal keeps it when it takes over mid-session: whole, so a replay
/// swaps to exactly the text the session ran under.
public struct PolicyRecord: Sendable, Equatable, Codable {
    public var path: String
    public var text: String
    /// The Lua rule files it calls, by name.
    public var lua: [String: String]
    /// Its canonical hash, checked when the record is loaded again.
    public var sha256: String

    public init(path: String, text: String, lua: [String: String], sha256: String) {
        self.path = path
        self.text = text
        self.lua = lua
        self.sha256 = sha256
    }
}
