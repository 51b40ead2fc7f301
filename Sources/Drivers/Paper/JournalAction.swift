import Engine

/// Something a paper session did between bars that its replay must do at the same place.
enum JournalAction {
    /// An operator action: kill switch, breaker reset.
    case control(ControlEvent)
    /// The policy file changed and the new version took over (its text, Lua sources and hash).
    case policy(path: String, text: String, luaSources: [String: String], sha256: String)
}
