/// What the rest of the package may read of a journal without replaying it.
extension JournalHeader {
    /// The header of the journal at `path`, read the way a replay reads it (the whole journal is
    /// checked); the approvals workflow uses it to decide whether a session counts as a paper record.
    package static func read(journal path: String) throws(ConfigError) -> JournalHeader {
        try JournalContents.read(path: path, warn: { _ in }).header
    }
}
